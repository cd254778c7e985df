"""The law as code: titles and forms of thi đua, khen thưởng as data, rules as pure functions.

No Django here. Entry points:
    parse_case(dict) -> Case; evaluate(case, catalog=None) -> Verdict   (engine, model)
    load_catalog(), Catalog.for_date(day).param(name)                   (catalog)
    prize_amount(), prize_for(), prize_detail() (amount + doubt), amount_in_words()   (money)
    vote_threshold(view, award), vote_passes(total, yes, threshold), decide()          (council)
    human_citation(reference), parse_citations(), article_map()                       (citations)
    same_achievement(view, held, code, year, kind)  one achievement, one form          (achievement)
    CatalogView.awards_for(subject_kind, armed_forces)  titles a subject may receive  (catalog)
    add_working_days(), working_days_between()                          (calendar)
    check_quotas()                                                      (quotas)
    Population, evaluate_population()                                   (batch)
"""
