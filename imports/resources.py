"""A Timescale & Resources cell (rule 4 of parsing.py): split into its time scale and its resources, and the
resources read as a budget and funding, in amounts the plan can hold."""

import re
from decimal import Decimal, InvalidOperation

RESOURCE_BLOCK = re.compile(r"£|\bcosts?\b|\bbudget\b|\bfund(?:s|ing|ed)?\b|\btime\s*$", re.I)
AMOUNT = r"£\s*(\d[\d.,]*\d|\d)"
# '£35.000 from Leicester City Council and £5,000 from the Police.' Read from a block whose runs of white space are
# one space each (budget_and_funding), so that every lookahead after the funder's name costs a few characters: with
# `\s*` in them a run of spaces made the engine try every split of the run at every position, and a 4 KB cell of
# spaces took minutes.
FUNDING = re.compile(AMOUNT + r" from (?:the )?(.+?)(?= and £| ?[,;] ?£| ?[.;]? ?$)", re.I)
WHITE_SPACE = re.compile(r"\s+")
BUDGET_BLOCK = re.compile(r"^\W*(?:total\s+)?(?:costs?|budget)\b", re.I)


def split_timescale_and_resources(cell):
    timescale, resources = [], []
    for block in cell.blocks:
        (resources if RESOURCE_BLOCK.search(block) else timescale).append(block)
    return "\n\n".join(timescale), "\n\n".join(resources)


def _amount(text):
    text = text.rstrip(".,")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        text = re.sub(r"[.,]", "", text)
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


MAX_AMOUNT = Decimal("9999999999.99")  # what Action.budget and Funding.amount hold: 12 digits, 2 after the point


def amount_fits(amount):
    """Whether an amount read (a str, or None for none) fits the budget and funding fields."""
    if amount is None:
        return True
    value = Decimal(amount)
    return value <= MAX_AMOUNT and value.as_tuple().exponent >= -2


def budget_and_funding(resources):
    """('40000', [{'funder': 'Leicester City Council', 'amount': '35000'}, ...]) from a Resources text."""
    funding = []
    for block in re.split(r"\n\s*\n", resources):
        for m in FUNDING.finditer(WHITE_SPACE.sub(" ", block).strip()):
            amount = _amount(m[1])
            if amount is not None:
                funding.append({"funder": m[2].strip(" ."), "amount": str(amount)})
    budget = None
    for block in re.split(r"\n\s*\n", resources):
        if BUDGET_BLOCK.search(block) and (m := re.search(AMOUNT, block)):
            budget = _amount(m[1])
            break
    else:
        amounts = re.findall(AMOUNT, resources)
        if len(amounts) == 1 and not funding:
            budget = _amount(amounts[0])
    return (str(budget) if budget is not None else None), funding
