"""The law as code: titles and forms of thi đua, khen thưởng as data, rules as pure functions.

No Django here. Entry points:
    parse_case(dict) -> Case; evaluate(case, catalog=None) -> Verdict   (engine, model)
    load_catalog(), Catalog.for_date(day).param(name)                   (catalog)
    prize_amount(), prize_for(), amount_in_words()                      (money)
    add_working_days(), working_days_between()                          (calendar)
    check_quotas()                                                      (quotas)
    Population, evaluate_population()                                   (batch)
"""
