"""The demo province: a deterministic, Lạng Sơn-like data set (`thidua demo`)."""
