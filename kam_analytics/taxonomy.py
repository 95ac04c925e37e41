"""The key-account relationship framework: 5 strategies and 26 methods, declared once as data.

Every lookup (labels, colours, the method matcher) is derived from ``STRATEGIES`` and
``METHODS`` below. Source: a sales-management textbook's section on building relationships
with key accounts (see ``shared/seed/framework.md``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kam_analytics import labels
from kam_analytics.i18n import language


@dataclass(frozen=True)
class Strategy:
    id: str
    label_en: str
    label_ru: str
    goal_en: str
    goal_ru: str
    colour: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Method:
    id: str
    label_en: str
    label_ru: str
    synonyms: tuple[str, ...] = field(default_factory=tuple)

    @property
    def strategy(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def short_id(self) -> str:
        return self.id.split(".", 1)[1]


# Colours: the Okabe-Ito palette, distinguishable with the common colour-vision deficiencies.
STRATEGIES: tuple[Strategy, ...] = (
    Strategy("trust", "Personal trust", "Личное доверие",
             "Build trust and confidence", "Сформировать доверие и уверенность", "#0072B2",
             ("trust",)),
    Strategy("technical", "Technical support", "Техническая поддержка",
             "Provide know-how and raise the account's productivity",
             "Предоставить ноу-хау и повысить производительность ключевого клиента", "#E69F00",
             ("tech support",)),
    Strategy("resource", "Resource support", "Ресурсная поддержка",
             "Reduce the account's financial burden",
             "Сократить финансовое бремя ключевого клиента", "#009E73",
             ("financial support",)),
    Strategy("service", "Service levels", "Уровни обслуживания",
             "Improve the quality of service delivered",
             "Улучшить качество предоставляемых услуг", "#CC79A7",
             ("service level",)),
    Strategy("risk", "Risk reduction", "Сокращение риска",
             "Reduce the account's uncertainty about the supplier and its products and services",
             "Снизить неопределенность у заказчика в отношении поставщика и его товаров и услуг",
             "#D55E00", ("risk",)),
)

METHODS: tuple[Method, ...] = (
    # 1. Personal trust
    Method("trust.promises_kept", "Promises kept",
           "Выполнение обещаний",
           ("Make sure promises given are kept", "Keep promises", "Promise keeping",
            "Promises", "гарантировать, что даваемые обещания будут выполнены",
            "Выполнять обещания", "Выполнение данных обещаний", "Обещания")),
    Method("trust.fast_response", "Prompt response to requests and complaints",
           "Оперативная реакция на запросы и жалобы",
           ("Respond promptly to requests, problems and complaints", "Fast response",
            "Prompt response", "Quick response", "Responsiveness", "Complaint handling",
            "Rapid response",
            "оперативно реагировать на запросы, проблемы и жалобы", "Оперативная реакция",
            "Быстрая реакция", "Реакция на жалобы", "Оперативное реагирование")),
    Method("trust.contact_frequency", "High contact frequency",
           "Высокая частота контактов",
           ("High (but not too high) contact frequency", "Contact frequency",
            "Regular contact", "Regular contacts", "Frequent contact",
            "высокая (но не слишком высокая) частота контактов",
            "установить высокую (но не слишком высокую) частоту контактов с ключевыми клиентами",
            "Частота контактов", "Регулярные контакты")),
    Method("trust.site_visits", "Site visits",
           "Посещения предприятий",
           ("Host key-account visits to the supplier's sites", "Site visit",
            "Plant visits", "Plant visit", "Factory visits", "Factory tour", "Customer visits",
            "посещения ключевых клиентов на предприятия",
            "организовать посещения ключевых клиентов на предприятия",
            "Посещение предприятия", "Посещения предприятия", "Визиты на предприятие",
            "Визит на предприятие", "Экскурсия на завод")),
    Method("trust.social_activities", "Joint social activities",
           "Совместные социальные мероприятия",
           ("Joint social activities with the account", "Social activities",
            "Social events", "Social event", "Hospitality", "Corporate events",
            "социальные виды деятельности совместно с ключевым клиентом",
            "участвовать в социальных видах деятельности совместно с ключевым клиентом",
            "Социальные мероприятия", "Совместные мероприятия", "Социальная деятельность")),
    Method("trust.problem_advice", "Advice on possible problems",
           "Рекомендации по возможным проблемам",
           ("Advise the account of possible problems", "Problem advice",
            "Early warning", "Advisory", "Proactive advice",
            "рекомендации в случае возникновения возможных проблем",
            "предоставлять ключевому клиенту рекомендации в случае возникновения возможных проблем",
            "Рекомендации по проблемам", "Консультации по проблемам")),
    # 2. Technical support
    Method("technical.joint_rnd", "R&D cooperation",
           "Сотрудничество в НИОКР",
           ("Research and development cooperation", "Joint R&D", "R and D cooperation",
            "R&D", "Joint research", "Co-development",
            "сотрудничество в исследованиях и разработках", "НИОКР", "Совместные НИОКР",
            "Совместные исследования и разработки", "Сотрудничество в исследованиях")),
    Method("technical.sale_service", "Pre- and after-sale service",
           "Допродажные и послепродажные услуги",
           ("Pre-sale and after-sale service", "Pre-sale and after-sales service",
            "After-sales service", "After-sale service", "Aftersales", "Pre-sales service",
            "Presale and aftersale service", "Pre/after-sale service",
            "допродажные и послепродажные услуги", "Послепродажное обслуживание",
            "Предпродажное и послепродажное обслуживание", "Сервис до и после продажи")),
    Method("technical.staff_training", "Staff training",
           "Подготовка персонала",
           ("Training", "Customer training", "Employee training", "Staff trainings",
            "Обучение персонала", "Обучение", "Тренинги персонала", "Тренинг персонала")),
    Method("technical.dual_selling", "Dual selling",
           "Двойные продажи",
           ("Dual selling (helping the account sell its own products)", "Dual sales",
            "Sell-through support", "Co-selling",
            "двойные продажи (поставщик помогает ключевому клиенту продавать его продукцию)",
            "Двойная продажа")),
    # 3. Resource support
    Method("resource.credit", "Credit",
           "Предоставление кредита",
           ("Provide credit", "Trade credit", "Credit terms", "Extended payment terms",
            "предоставить кредит", "Кредит", "Товарный кредит", "Отсрочка платежа")),
    Method("resource.loan_help", "Help obtaining loans",
           "Помощь в получении займов",
           ("Help obtain loans", "Loan help", "Loan assistance", "Financing assistance",
            "помочь получить займы", "Помощь с займами", "Помощь в получении кредитов")),
    Method("resource.joint_promotion", "Joint promotion",
           "Совместное продвижение",
           ("Joint promotion campaigns that share costs", "Joint promotion campaigns",
            "Co-marketing", "Joint marketing", "Co-op advertising", "Joint promotions",
            "совместные кампании продвижения",
            "участвовать в совместных кампаниях продвижения, чтобы разделить с партнерами расходы",
            "Совместные кампании", "Совместный маркетинг", "Совместные кампании продвижения")),
    Method("resource.countertrade", "Counter-trade",
           "Встречная торговля",
           ("Counter-trade (payment in goods or services, not money)", "Countertrade",
            "Counter trade", "Barter", "встречная торговля",
            "участвовать во встречной торговле", "Бартер")),
    # 4. Service levels
    Method("service.reliable_delivery", "Reliable delivery",
           "Надёжная доставка",
           ("Delivery reliability", "On-time delivery", "Reliable deliveries",
            "надежная доставка", "Надежные поставки", "Надёжные поставки")),
    Method("service.fast_delivery", "Fast / just-in-time delivery",
           "Оперативная доставка / точно в срок",
           ("Fast or just-in-time delivery", "JIT delivery", "JIT", "Just-in-time delivery",
            "Just in time delivery", "Just in time", "Fast delivery", "Express delivery",
            "оперативная доставка или доставка «точно в срок»",
            "оперативная доставка или доставка в режиме «точно в срок»",
            "Оперативная доставка", "Доставка точно в срок", "Точно в срок", "Быстрая доставка")),
    Method("service.auto_reorder", "Computerised reordering",
           "Компьютеризированный повторный заказ",
           ("Computerised reordering systems", "Computerized reordering systems",
            "Computerized reordering", "Automatic reordering", "Auto-reorder", "EDI reordering",
            "Auto replenishment", "VMI",
            "компьютеризированные системы повторного заказа",
            "установление компьютеризированных систем повторного заказа",
            "Автоматический повторный заказ", "Автозаказ", "Системы повторного заказа")),
    Method("service.fast_quotes", "Fast, accurate quotations",
           "Оперативные и точные котировки",
           ("Fast and accurate quotations", "Fast quotes", "Quick quotes", "Quotations",
            "Quotes", "Fast quotations",
            "оперативная и точная выдача котировок", "Выдача котировок", "Котировки",
            "Быстрые котировки")),
    Method("service.zero_defects", "Fewer defects (right first time)",
           "Сокращение дефектов",
           ("Zero defects", "Right first time", "Fewer defects", "Quality assurance",
            "Defect reduction",
            "сокращение числа дефектов (все правильно с первого раза)",
            "Сокращение числа дефектов", "Ноль дефектов", "Все правильно с первого раза")),
    # 5. Risk reduction
    Method("risk.free_demos", "Free demonstrations",
           "Бесплатные демонстрации",
           ("Free demos", "Free demo", "Demos", "Product demonstrations", "Demonstrations",
            "Демонстрации", "Бесплатная демонстрация")),
    Method("risk.trials", "Free or discounted trials",
           "Бесплатные или льготные опробования",
           ("Free or discounted trials for a set period", "Free trials", "Free trial",
            "Trials", "Discounted trials", "Trial period", "Pilot",
            "бесплатные или по пониженной цене опробования продукции",
            "бесплатные или по пониженной цене опробования продукции "
            "в течение установленного периода",
            "Опробование продукции", "Пробный период", "Бесплатное опробование",
            "Тестовый период")),
    Method("risk.product_guarantee", "Product guarantees",
           "Гарантия на продукты",
           ("Product guarantee", "Product warranty", "Warranty", "Warranties",
            "Гарантия на продукцию", "Гарантия на товар", "Гарантия качества")),
    Method("risk.delivery_guarantee", "Delivery guarantees",
           "Гарантия на доставку",
           ("Delivery guarantee", "Guaranteed delivery", "Delivery SLA",
            "Гарантия доставки", "Гарантированная доставка")),
    Method("risk.preventive_maintenance", "Preventive maintenance contracts",
           "Контракты на предупредительное обслуживание",
           ("Preventive maintenance", "Preventative maintenance", "Maintenance contracts",
            "Preventive maintenance contract", "PM contracts",
            "контракты на предупредительное обслуживание",
            "контракты на проведение предупредительного обслуживания",
            "Предупредительное обслуживание", "Профилактическое обслуживание",
            "Сервисный контракт")),
    Method("risk.active_followup", "Active follow-up",
           "Активные последующие действия",
           ("Follow-up", "Follow up", "Followup", "Active follow up", "Follow-ups",
            "активные последующие действия", "Последующие действия", "Активное сопровождение")),
    Method("risk.reference_selling", "Reference selling",
           "Реферативные продажи",
           ("Reference sales", "References", "Customer references", "Referral selling",
            "Testimonials", "реферативные продажи", "Продажи по рекомендации",
            "Референтные продажи", "Референсные продажи")),
)

STRATEGY_BY_ID: dict[str, Strategy] = {s.id: s for s in STRATEGIES}
METHOD_BY_ID: dict[str, Method] = {m.id: m for m in METHODS}
STRATEGY_IDS: tuple[str, ...] = tuple(s.id for s in STRATEGIES)
METHOD_IDS: tuple[str, ...] = tuple(m.id for m in METHODS)
STRATEGY_COLOURS: dict[str, str] = {s.id: s.colour for s in STRATEGIES}


# ---- relationship health: what an interaction records, and who it reaches ---------------------
# The events an interaction log records (ingest reads their English and Russian words; the
# health measures count them), and the roles of the people in a key account's decision-making
# unit (Table 6.4, Do 1), each with the words that name it.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "request": ("request", "enquiry", "inquiry", "question", "query", "запрос", "заявка",
                "вопрос", "обращение"),
    "complaint": ("complaint", "claim", "жалоба", "претензия", "рекламация"),
    "problem": ("problem", "issue", "incident", "late delivery", "delay", "проблема",
                "инцидент", "задержка", "задержка поставки", "срыв поставки"),
    "promise": ("promise", "commitment", "obligation", "обещание", "обязательство"),
    "agreement": ("agreement", "deal", "arrangement", "contract", "договоренность",
                  "договорённость", "соглашение", "договор"),
    "meeting": ("meeting", "встреча", "совещание", "переговоры"),
    "call": ("call", "phone call", "phone", "звонок", "телефонный звонок", "созвон"),
    "visit": ("visit", "site visit", "визит", "посещение", "выезд"),
    "other": ("other", "другое", "прочее", "иное"),
}
DMU_ROLES: dict[str, tuple[str, ...]] = {
    "decider": ("decider", "decision maker", "decision-maker", "лицо принимающее решение",
                "лпр", "принимающий решение"),
    "buyer": ("buyer", "purchaser", "procurement", "закупщик", "покупатель", "снабжение",
              "закупки"),
    "user": ("user", "end user", "пользователь", "конечный пользователь"),
    "influencer": ("influencer", "advisor", "adviser", "expert", "влияющий", "влияющее лицо",
                   "советник", "эксперт"),
    "gatekeeper": ("gatekeeper", "gate keeper", "привратник", "секретарь", "фильтр"),
    "initiator": ("initiator", "инициатор"),
}


def strategy_of(method_id: str) -> str:
    """Return the strategy id a method id belongs to."""
    return METHOD_BY_ID[method_id].strategy


def method_label(method_id: str, lang: str | None = None) -> str:
    """Return a method's display label in ``lang`` ('en' or 'ru'; the session's language by
    default)."""
    m = METHOD_BY_ID[method_id]
    return m.label_ru if (lang or language()) == "ru" else m.label_en


def strategy_label(strategy_id: str, lang: str | None = None) -> str:
    """Return a strategy's display label in ``lang`` ('en' or 'ru'; the session's language by
    default)."""
    s = STRATEGY_BY_ID[strategy_id]
    return s.label_ru if (lang or language()) == "ru" else s.label_en


_PUNCT = re.compile(r"[^\w]+", re.UNICODE)


def normalise_label(text: object) -> str:
    """Return ``text`` folded for matching: case, spacing, punctuation, ё/е and quotes ignored."""
    s = unicodedata.normalize("NFKC", str(text)).casefold().replace("ё", "е")
    s = s.replace("&", " and ").replace("_", " ")
    return " ".join(_PUNCT.sub(" ", s).split())


def _method_keys(m: Method) -> list[str]:
    return [m.id, m.short_id, m.label_en, m.label_ru, *m.synonyms]


def method_index() -> dict[str, str]:
    """Return every normalised method label, id and synonym mapped to its method id."""
    index: dict[str, str] = {}
    for m in METHODS:
        for key in _method_keys(m):
            norm = normalise_label(key)
            if index.get(norm, m.id) != m.id:
                raise ValueError(f"label {key!r} names both {index[norm]} and {m.id}")
            index[norm] = m.id
    return index


_INDEX = method_index()


# The word rule reads labels, not ids: "trust" in an id names no method.
_WORDS = labels.LabelIndex({m.id: (m.label_en, m.label_ru, *m.synonyms) for m in METHODS})


@dataclass(frozen=True)
class MethodMatch:
    label: str
    method_id: str | None
    # Best first: the first is the one to offer (a page pre-fills it); empty when no method's
    # labels come near.
    suggestions: tuple[str, ...] = ()
    # True when the method was read by the word rule (labels.py), not from a known label or a
    # saved mapping: the import says so in its notes.
    by_words: bool = False


def suggested_methods(label: str) -> tuple[str, ...]:
    """Return the methods whose labels come nearest ``label`` by the word rule, best first."""
    return _WORDS.read(label)[1]


def match_method(label: object, extra: dict[str, str] | None = None) -> MethodMatch:
    """Return the method a user's label names, or no method and the closest suggestions.

    The user's saved ``extra`` mappings (keyed by normalised label) come first, then ids,
    labels and synonyms after normalisation, then the word rule of ``labels``: stems and
    content words, a method read only when it alone fits, by ``labels.MARGIN``.
    """
    text = "" if label is None else str(label)
    norm = normalise_label(text)
    if extra and norm in extra:
        return MethodMatch(text, extra[norm])
    if norm in _INDEX:
        return MethodMatch(text, _INDEX[norm])
    method_id, suggestions = _WORDS.read(text)
    return MethodMatch(text, method_id, suggestions, by_words=method_id is not None)
