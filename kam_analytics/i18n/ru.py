"""The Russian string table: English's keys, written as a Russian manager reads them.

Counts take Russian's three forms (``key.one``: 1, 21 клиент; ``key.few``: 2-4 клиента;
``key.many``: 5-20 клиентов; the bare key for fractions). Framework labels (methods,
strategies) come from ``taxonomy``.
"""

from __future__ import annotations

RU: dict[str, str] = {
    # ---- quadrants ----------------------------------------------------------------------
    "quadrant.efficient": "Эффективно",
    "quadrant.strategic": "Стратегически важно",
    "quadrant.low priority": "Низкий приоритет",
    "quadrant.overinvested": "Избыточные вложения",
    "quadrant.unrated": "Без оценки",
    # ---- metrics ------------------------------------------------------------------------
    "metric.interactions": "Взаимодействия",
    "metric.cost": "Затраты",
    "metric.hours": "Часы менеджеров",
    "metric.time_cost": "Стоимость времени",
    "metric.total_cost": "Полные затраты",
    "metric.value": "Ценность (1–5)",
    "metric.value_per_1000": "Ценность на 1000 затрат",
    "metric.share_of_client_spend": "Доля в затратах на клиента",
    "metric.quadrant": "Квадрант",
    "metric.previous_quadrant": "Квадрант раньше",
    "metric.previous_total_cost": "Полные затраты раньше",
    "metric.total_cost_change": "Изменение полных затрат",
    "metric.previous_value": "Ценность раньше",
    "metric.value_change": "Изменение ценности",
    "change.status": "Ячейка",
    "change.status.kept": "в обоих кварталах",
    "change.status.new": "новая в этом квартале",
    "change.status.gone": "исчезла в этом квартале",
    "metric.clients": "Клиенты",
    # ---- relationship health (analysis/health.py, exports/health_table.py) --------------------
    "health.title": "Здоровье отношений",
    "health.intro": (
        "Насколько отношения с каждым ключевым клиентом следуют правилам «делать» и «не делать» "
        "(табл. 6.4), по журналу взаимодействий: выполненные обещания, время ответа и решения, "
        "открытые проблемы и просроченные поставки, договорённости в письменном виде, частота "
        "контактов и охват лиц, принимающих решения. Если данных для показателя не хватает, "
        "указано, какие столбцы нужны. Время — местное, как записано (часовые пояса не "
        "пересчитываются); дата без времени считается с полуночи. Квартал оценивается на его "
        "конец, а текущий — на сегодня."),
    "health.count_help.red": "Клиенты, у которых хотя бы один показатель красный",
    "health.count_help.amber": "Клиенты, у которых худший показатель жёлтый",
    "health.count_help.green": "Клиенты, у которых все оценённые показатели зелёные",
    "health.count_help.not_measured": (
        "Клиенты, для которых данных не хватает ни на один показатель"),
    "health.portfolio_title": "Клиенты по показателям, {quarter}",
    "health.legend": (
        "✖ красный · ▲ жёлтый · ✔ зелёный · – нечего оценивать · ? не измерено (наведите "
        "курсор, чтобы увидеть нужные столбцы). Наведите на ячейку — значение и правило; "
        "щёлкните по клиенту — его карта показателей. Сначала худшие клиенты."),
    "health.download": "Скачать здоровье отношений (CSV)",
    "health.download_help": "Каждый квартал, клиент и показатель: значение, статус и правило",
    "health.pick": "Клиент",
    "health.scorecard_title": "{client}: карта показателей, {quarter}",
    "health.trend_title": "Динамика по кварталам",
    "health.open_title": "Открытые проблемы и просроченные поставки на конец периода {quarter}",
    "health.open_none": "Открытых вопросов нет.",
    "health.open_caption": (
        "Открыто: {n}, сначала самые давние, у каждого — строка, откуда он взят."),
    "health.open_caption.one": (
        "Открыт {n} вопрос, сначала самые давние, у каждого — строка-источник."),
    "health.open_caption.few": (
        "Открыто {n} вопроса, сначала самые давние, у каждого — строка-источник."),
    "health.open_caption.many": (
        "Открыто {n} вопросов, сначала самые давние, у каждого — строка-источник."),
    "health.measure.promises_kept": "Обещания выполнены",
    "health.measure.response_median": "Время ответа (медиана)",
    "health.measure.response_p90": "Время ответа (медленные 10 %)",
    "health.measure.resolution_median": "Время решения (медиана)",
    "health.measure.open_problems": "Открытые проблемы",
    "health.measure.late_deliveries": "Просрочки поставок",
    "health.measure.in_writing": "В письменном виде",
    "health.measure.contact_frequency": "Контакты в месяц",
    "health.measure.dmu_roles": "Охват ЛПР",
    "health.rule.do_1": (
        "Правило 1: согласовать план взаимодействия, охватывающий роли всех участников "
        "закупочного центра клиента"),
    "health.rule.do_2": "Правило 2: обещать только то, что действительно можно выполнить",
    "health.rule.do_3": "Правило 3: быстро решать возникающие вопросы",
    "health.rule.do_4": "Правило 4: подтверждать договорённости письменно",
    "health.rule.do_5": (
        "Правило 5: поддерживать внутреннюю коммуникацию, которая выявляет нерешённые проблемы "
        "(например, задержки поставок)"),
    "health.rule.dont_1": "Запрет 1: не позволять мелким проблемам портить отношения",
    "health.status.red": "Красный",
    "health.status.amber": "Жёлтый",
    "health.status.green": "Зелёный",
    "health.status.none": "Нечего оценивать",
    "health.status.not_measured": "Не измерено",
    "health.value.promises_kept": "{value:.0f} % из {n} обещаний",
    "health.value.promises_kept.one": "{value:.0f} % из {n} обещания",
    "health.value.promises_kept.few": "{value:.0f} % из {n} обещаний",
    "health.value.promises_kept.many": "{value:.0f} % из {n} обещаний",
    "health.value.response_median": "{value:.1f} ч (обращений и жалоб: {n})",
    "health.value.response_median.one": "{value:.1f} ч ({n} обращение или жалоба)",
    "health.value.response_median.few": "{value:.1f} ч ({n} обращения и жалобы)",
    "health.value.response_median.many": "{value:.1f} ч ({n} обращений и жалоб)",
    "health.value.response_p90": "{value:.1f} ч (обращений и жалоб: {n})",
    "health.value.response_p90.one": "{value:.1f} ч ({n} обращение или жалоба)",
    "health.value.response_p90.few": "{value:.1f} ч ({n} обращения и жалобы)",
    "health.value.response_p90.many": "{value:.1f} ч ({n} обращений и жалоб)",
    "health.value.resolution_median": "{value:.1f} дн. (проблем и жалоб: {n})",
    "health.value.resolution_median.one": "{value:.1f} дн. ({n} проблема или жалоба)",
    "health.value.resolution_median.few": "{value:.1f} дн. ({n} проблемы и жалобы)",
    "health.value.resolution_median.many": "{value:.1f} дн. ({n} проблем и жалоб)",
    "health.value.open_problems": "открыто: {n}, самая давняя — {value:.1f} дн.",
    "health.value.open_problems.one": "{n} открыта, самая давняя — {value:.1f} дн.",
    "health.value.open_problems.few": "{n} открыты, самая давняя — {value:.1f} дн.",
    "health.value.open_problems.many": "{n} открыто, самая давняя — {value:.1f} дн.",
    "health.value.late_deliveries": "просрочено: {n}",
    "health.value.late_deliveries.one": "{n} просрочена",
    "health.value.late_deliveries.few": "{n} просрочены",
    "health.value.late_deliveries.many": "{n} просрочено",
    "health.value.in_writing": "{value:.0f} % из {n} договорённостей",
    "health.value.in_writing.one": "{value:.0f} % из {n} договорённости",
    "health.value.in_writing.few": "{value:.0f} % из {n} договорённостей",
    "health.value.in_writing.many": "{value:.0f} % из {n} договорённостей",
    "health.value.contact_frequency": (
        "{value:.1f} в месяц, {verdict} (норма {low:g}–{high:g}; контактов: {n})"),
    "health.value.contact_frequency.one": (
        "{value:.1f} в месяц, {verdict} (норма {low:g}–{high:g}; {n} контакт)"),
    "health.value.contact_frequency.few": (
        "{value:.1f} в месяц, {verdict} (норма {low:g}–{high:g}; {n} контакта)"),
    "health.value.contact_frequency.many": (
        "{value:.1f} в месяц, {verdict} (норма {low:g}–{high:g}; {n} контактов)"),
    "health.band.too_few": "слишком редко",
    "health.band.in_band": "в норме",
    "health.band.too_many": "слишком часто",
    "health.value.dmu_roles": "{value:.0f} из 6 ролей",
    "health.nothing.promises_kept": "обещаний к сроку нет",
    "health.nothing.response_median": "обращений и жалоб нет",
    "health.nothing.response_p90": "обращений и жалоб нет",
    "health.nothing.resolution_median": "проблем и жалоб нет",
    "health.nothing.open_problems": "открытых нет",
    "health.nothing.late_deliveries": "нет",
    "health.nothing.in_writing": "договорённостей не записано",
    "health.nothing.contact_frequency": "контактов нет",
    "health.nothing.dmu_roles": "роли не указаны",
    "health.needs": "не измерено: нужны столбцы {columns}",
    "health.short.open_problems": "{n} · {value:.0f} дн",
    "health.short.percent": "{value:.0f} %",
    "health.short.hours": "{value:.0f} ч",
    "health.short.days": "{value:.0f} дн",
    "health.short.count": "{value:.0f}",
    "health.short.per_month": "{value:.1f}/мес",
    "health.short.roles": "{value:.0f}/6",
    "health.overall": "Итог",
    "health.overall_tip": "Худший из показателей: красных {red}, жёлтых {amber}",
    "health.trend_corner": "Показатель",
    "health.col.rule": "Правило (табл. 6.4)",
    "health.col.measure": "Показатель",
    "health.col.value": "Значение",
    "health.col.status": "Статус",
    "health.col.rules": "Нарушенные правила",
    "health.more_measures": "; и ещё {n}",
    "health.col.red": "Красные показатели",
    "health.rule_short.do_1": "Правило 1",
    "health.rule_short.do_2": "Правило 2",
    "health.rule_short.do_3": "Правило 3",
    "health.rule_short.do_4": "Правило 4",
    "health.rule_short.do_5": "Правило 5",
    "health.rule_short.dont_1": "Запрет 1",
    "health.times_note": (
        "время — местное, как записано (часовые пояса не пересчитываются), дата без времени "
        "считается с полуночи; квартал оценивается на его конец, а текущий — на сегодня: "
        "вопросы, ещё не отвеченные или не решённые к этому моменту, учитываются с их "
        "возрастом на эту дату."),
    "health.kind.problem": "Проблема",
    "health.kind.complaint": "Жалоба",
    "health.kind.late_delivery": "Просроченная поставка",
    "health.open.client": "Клиент",
    "health.open.kind": "Что",
    "health.open.since": "С какого числа",
    "health.open.age": "Дней открыто",
    "health.open.source": "Источник",
    "health.open.where": "{file}, строка {row}",
    # ---- app and navigation -------------------------------------------------------------------
    "app.title": "KAM Analytics",
    "language.choose": "Язык",
    "app.skip_to_content": "Перейти к содержимому",
    "nav.heatmap": "Тепловая карта портфеля",
    "nav.client": "Клиент",
    "nav.methods": "Методы",
    "nav.valuations": "Оценки клиентов",
    "nav.changes": "Что изменилось",
    "nav.whatif": "Перераспределение бюджета",
    "nav.economics": "Экономика клиентов",
    "nav.health": "Здоровье отношений",
    "nav.upload": "Загрузка и данные",
    "ui.no_data": (
        "Данных пока нет. Загрузите таблицу за квартал, чтобы увидеть матрицу «затраты — "
        "ценность»."),
    "sample.banner": (
        "Демонстрационные данные: это 20 вымышленных ключевых клиентов из примера, а не ваши. "
        "Загрузите свою таблицу, чтобы увидеть свой портфель."),
    "sample.upload": "Загрузить свои данные",
    # ---- sidebar filters ---------------------------------------------------------------------
    "filters.quarter": "Квартал",
    "filters.manager": "Менеджер по работе с клиентами",
    "filters.segment": "Сегмент",
    "filters.strategy": "Стратегия",
    "filters.everyone": "Все менеджеры",
    "filters.every_segment": "Все сегменты",
    "filters.every_strategy": "Все стратегии",
    "filters.thresholds": "Границы квадрантов",
    "filters.use_medians": "По медианам портфеля",
    "filters.cost_threshold": "Высокие затраты — свыше ({currency})",
    "filters.value_threshold": "Высокая ценность — от (1–5)",
    "filters.rate_note": (
        "Время менеджера оценено в {rate} {currency} за час (Загрузка и данные → "
        "Настройки)."),
    "filters.all": "Все клиенты",
    "filters.managers": "Менеджеры: {names}",
    "filters.segments": "Сегменты: {names}",
    "filters.strategies": "Стратегии: {names}",
    # ---- headline figures -------------------------------------------------------------------
    "kpi.clients": "Клиенты",
    "kpi.total_cost": "Полные затраты",
    "kpi.total_cost_in": "Полные затраты, {currency}",
    "number.millions": "{number} млн",
    "kpi.hours": "Часы менеджеров",
    "kpi.mean_value": "Средняя ценность (1–5)",
    "kpi.methods": "Методов применяется",
    "kpi.overinvested_spend": "Лишние затраты",
    "kpi.overinvested_help": (
        "Доля полных затрат (деньги плюс время менеджеров) в ячейках «клиент × метод», где "
        "затраты выше границы, а ценность ниже неё."),
    "kpi.rows": "Взаимодействия",
    "kpi.quarters": "Кварталы",
    "kpi.valuations": "Оценки",
    # ---- table columns ----------------------------------------------------------------------
    "col.client": "Клиент",
    "col.clients": "Клиентов с методом",
    "col.method": "Метод",
    "col.strategy": "Стратегия",
    "col.method_id": "Код метода",
    "col.total_cost": "Полные затраты ({currency})",
    "col.previous_total_cost": "Полные затраты раньше ({currency})",
    "col.value_change": "Изменение ценности",
    "col.cost": "Затраты ({currency})",
    "col.hours": "Часы",
    "col.value": "Ценность (1–5)",
    "col.value_per_1000": "Ценность на 1000",
    "col.share": "% затрат на клиента",
    "col.quadrant": "Квадрант",
    "col.overinvested_clients": "Клиентов с избыточными вложениями",
    "col.date": "Дата",
    "col.manager": "Менеджер",
    "col.source": "Источник",
    "col.fix": "Как исправить",
    "col.import": "Импорт",
    "col.imported_at": "Загружено",
    "col.files": "Файлы",
    "col.rows": "Строки",
    "col.quarters": "Кварталы",
    "col.status": "Статус",
    "col.replaced_by": "Заменён импортом",
    "col.notes": "Примечания",
    "col.kind": "Тип",
    "col.source_label": "В ваших файлах",
    "col.target": "Читается как",
    "col.origin": "Сохранено из",
    "col.currency": "Валюта",
    "status.active": "действует",
    "status.replaced": "заменён",
    "status.partly replaced": "заменён частично",
    "column.__ignore__": "— не используется —",
    "column.date": "Дата",
    "column.client": "Клиент",
    "column.method": "Метод",
    "column.cost": "Затраты",
    "column.hours": "Часы",
    "column.hours_minutes": "Время в минутах",
    "column.value": "Ценность (1–5)",
    "column.manager": "Менеджер",
    "column.event_type": "Тип события",
    "column.promised_date": "Обещанная дата",
    "column.delivered_date": "Дата поставки",
    "column.kept": "Обещание выполнено (да/нет)",
    "column.received_at": "Получено",
    "column.responded_at": "Дан ответ",
    "column.resolved_at": "Решено",
    "column.in_writing": "Подтверждено письменно (да/нет)",
    "column.contact_role": "Роль контакта",
    "column.status": "Статус (учитываются только завершённые)",
    "column.segment": "Сегмент",
    "column.annual_revenue": "Годовая выручка",
    "column.margin": "Годовая валовая маржа",
    "column.quarter": "Квартал",
    "column.comment": "Комментарий",
    "column.__exclude__": "не учитывается",
    "reading.table": "{sheet}: {kind}, заголовки в строке {row}: {columns}",
    "reading.kind.interactions": "взаимодействия",
    "reading.kind.clients": "клиенты",
    "reading.kind.valuations": "оценки",
    "reading.kind.valuation_grid": "оценки (сетка)",
    "reading.pair": "«{source}» как {target}",
    "reading.methods": (
        "названия методов прочитаны по сохранённым или выбранным соответствиям: {pairs}"),
    "reading.currency": "суммы в {currency}, как выбрано",
    "reading.quarter": "оценки без даты отнесены к кварталу {quarter}, как выбрано",
    # ---- heatmap page -----------------------------------------------------------------------
    "heatmap.title": "Тепловая карта портфеля",
    "heatmap.by": "Столбцы",
    "heatmap.by.method": "Методы",
    "heatmap.by.strategy": "Стратегии",
    "heatmap.metric": "Цвет по",
    "heatmap.search": "Найти клиента",
    "heatmap.search_hint": "часть названия",
    "heatmap.top_n": "Клиентов на странице (по затратам)",
    "heatmap.page": "Страница (из {pages})",
    "heatmap.showing": "Показано {n} из {total} клиентов, сначала с наибольшими затратами.",
    "heatmap.no_match": "Под эти фильтры не подходит ни один клиент.",
    "heatmap.click_hint": "Щёлкните по строке клиента, чтобы открыть его страницу; наведите "
                          "курсор на ячейку, чтобы увидеть её цифры.",
    "heatmap.cell_unused": "взаимодействий нет",
    "heatmap.chart_title": "{what}: клиенты и {by}, {quarter}",
    "heatmap.download": "Скачать матрицу (CSV)",
    "heatmap.download_help": (
        "Все ячейки «клиент × метод» (или стратегия) под действующими фильтрами со всеми "
        "цифрами; те же столбцы, что у `python -m kam_analytics matrix`."),
    "heatmap.download_people": "Скачать для чтения (CSV)",
    "heatmap.download_people_help": (
        "Та же таблица с заголовками, кварталами, стратегиями и квадрантами словами этого "
        "языка: для чтения, а не для других программ."),
    "heatmap.overinvested_title": "Где деньги тратятся на то, что клиенты ценят мало",
    "heatmap.none_overinvested": "Под этими фильтрами ячеек с избыточными вложениями нет.",
    "heatmap.row_hint": "Щёлкните по строке, чтобы открыть страницу клиента.",
    "changes.title": "Что изменилось",
    "changes.nothing_before": (
        "{quarter} — первый сохранённый квартал: сравнивать не с чем. Загрузите более ранний "
        "квартал или выберите более поздний на боковой панели."),
    "changes.compare_to": "Сравнить с",
    "changes.thresholds": "Квадранты обоих кварталов — по",
    "changes.pin.current": "границам квартала {quarter} (переход — это изменение в ячейке)",
    "changes.pin.each": "собственным границам каждого квартала",
    "changes.colour_by": "Цвет по",
    "changes.thresholds_were": (
        "{quarter}: высокие затраты — свыше {cost} {currency}, высокая ценность — от {value}"),
    "changes.cost_help": "{before} в квартале {quarter}.",
    "changes.moved": "Ячейки, сменившие квадрант",
    "changes.moved_help": "Ячейки, которые есть в обоих кварталах, но в разных квадрантах.",
    "changes.into_overinvested": "Перешли в избыточные вложения",
    "changes.clients_new_gone": "Клиенты новые / ушедшие",
    "changes.chart_title": "{what}: клиенты и методы, {quarter} против {previous}",
    "changes.showing": "Показаны {n} клиентов с наибольшими изменениями из {total}.",
    "changes.download": "Скачать сравнение (CSV)",
    "changes.download_help": (
        "Все ячейки обоих кварталов: столбцы матрицы, затем цифры предыдущего квартала, "
        "изменения и прежний квадрант."),
    "changes.moves_title": "Ячейки, сменившие квадрант",
    "changes.no_moves": "Ни одна ячейка не сменила квадрант.",
    "changes.more_moves": "Ещё {n} сменили квадрант: в выгрузке есть все.",
    "changes.new_gone_title": "Новые и ушедшие",
    "changes.new_clients": "**Новые клиенты ({n}):**",
    "changes.gone_clients": "**Ушедшие клиенты ({n}):**",
    "changes.new_methods": "**Методы, новые для портфеля ({n}):**",
    "changes.gone_methods": "**Методы, которые больше не применяются ({n}):**",
    "changes.trend_title": "За все сохранённые кварталы",
    "changes.trend_by": "Линии по",
    "changes.trend_chart_title": "Полные затраты: {by}, по кварталам",
    "trend.by.strategy": "стратегиям",
    "trend.by.method": "методам",
    "trend.by.client": "клиентам",
    "trend.others": "прочие ({n})",
    "whatif.title": "Перераспределение бюджета",
    "whatif.cut": "Забрать деньги у",
    "whatif.grow": "Отдать их",
    "whatif.share": "Доля их затрат для переноса",
    "whatif.elasticity": "Как ценность отвечает на затраты (эластичность)",
    "whatif.elasticity_help": (
        "0: ценность не меняется с затратами; 1: ценность меняется пропорционально затратам. "
        "Ниже 1 каждый лишний 1 % затрат даёт меньше 1 % ценности."),
    "whatif.model": (
        "Это оценка, а не прогноз. Деньги снимаются с каждой сокращаемой ячейки пропорционально "
        "её полным затратам и добавляются каждой наращиваемой ячейке пропорционально её полным "
        "затратам; ценность оценённой ячейки становится ценность × (затраты после ÷ затраты "
        "до)^{elasticity}, в пределах 1–5; ценность неоценённой ячейки остаётся неизвестной. "
        "Больше ничего не меняется: ни другие методы клиента, ни отношения с ним, ни рынок."),
    "whatif.fitted": (
        "{value} подобрана по {pairs} ячейкам, у которых затраты изменились на 10 % и более от "
        "одного сохранённого квартала к следующему."),
    "whatif.assumed": (
        "{value} — допущение: только у {pairs} ячеек затраты изменились на 10 % и более от "
        "одного сохранённого квартала к следующему, а для подбора нужно {needed}."),
    "whatif.chosen": "{value} — значение, выбранное вами.",
    "whatif.nothing_to_move": (
        "Под этими фильтрами нет ячеек, у которых можно забрать деньги, или нет ячеек, которым "
        "их можно отдать: выберите другие квадранты."),
    "whatif.moved": "Перенесено денег, {currency}",
    "whatif.moved_help": "Из ячеек: {cells}, в ячейки: {to}.",
    "whatif.same_total": "Деньги переносятся, а не добавляются: итог не меняется.",
    "whatif.weighted_value": "Ценность, взвешенная по затратам",
    "whatif.weighted_value_help": (
        "Средняя ценность оценённых ячеек с весом по полным затратам; после переноса — по "
        "затратам после него."),
    "whatif.clients_title": "По клиентам",
    "whatif.more_clients": "Затронуто ещё клиентов: {n}; в выгрузке есть все ячейки.",
    "whatif.recommendations_title": "Ячейки для изменения по порядку",
    "whatif.download_csv": "Скачать список (CSV)",
    "whatif.download_xlsx": "Скачать список (Excel)",
    "whatif.to_pack": "Добавить в пакет для правления",
    "whatif.to_pack_help": (
        "Открывает пакет для правления со слайдом и листом «Перераспределение бюджета», "
        "показывающими этот перенос, по клиентам пакета."),
    "whatif.estimate_note": (
        "Порядок: сначала ячейки для наращивания — с наибольшим приростом ценности на 1000 "
        "перенесённых; затем ячейки для сокращения — с наименьшей потерей ценности на 1000."),
    "whatif.col_cost_after": "Полные затраты после ({currency})",
    "whatif.col_cost_change": "Изменение затрат ({currency})",
    "whatif.col_cost_after_short": "После",
    "whatif.col_value_after": "Ценность после",
    "whatif.col_rank": "№",
    "whatif.col_action": "Действие",
    "whatif.col_per_1000": "Изменение ценности на 1000 перенесённых",
    "whatif.action.cut": "Сократить",
    "whatif.action.grow": "Нарастить",
    # ---- sign-in and access ------------------------------------------------------------------
    "signin.intro": (
        "Войдите, чтобы видеть ключевых клиентов, доступных вашей роли: директор видит всех, "
        "менеджер — своих, аналитик — всех, но под псевдонимами."),
    "signin.button": "Войти",
    "signin.sign_out": "Выйти",
    "signin.local": (
        "Вход не настроен: один локальный пользователь видит всех клиентов. Команда сможет "
        "входить, когда в .streamlit/secrets.toml будет задан раздел [auth] (см. README)."),
    "signin.as_director": "Вы вошли как {email}: директор, все клиенты.",
    "signin.as_manager": "Вы вошли как {email}: менеджер, клиенты менеджеров {managers}.",
    "signin.as_analyst": "Вы вошли как {email}: аналитик, все клиенты под псевдонимами.",
    "signin.imports_by_director": "Данные загружает директор.",
    "audit.local_user": "локальный пользователь (без входа)",
    "audit.command_line": "командная строка ({user})",
    "audit.import": "импорт №{id} ({mode}): {files}; кварталы {quarters}; строк: {rows}",
    "audit.restore": "импорт №{id} снова сделан действующим",
    "audit.settings": "ставка за час {rate}, валюта {currency}",
    "audit.contact_band": ", норма контактов в месяц {low}–{high}",
    "audit.mapping_saved": "соответствие ({kind}) «{source}» → «{target}» сохранено",
    "audit.mapping_removed": "соответствие ({kind}) «{source}» удалено",
    "audit.valuations": "оценок за {quarter} введено: {n}, от имени {who}",
    "audit.survey": "опрос об оценках за {quarter}, клиентов: {n}",
    "audit.download": "скачан файл {file}",
    "audit.deck": "{what}: {about}",
    "audit.what_deck": "презентация для правления",
    "audit.what_report": "отчёт Excel",
    "audit.what_pdf": "PDF презентации",
    "audit.what_key": "ключ псевдонимов",
    "audit.pack": "{quarter}, {scope}, разделы {sections}{anonymised}",
    "audit.anonymised": ", обезличено",
    "audit.title": "Журнал действий",
    "audit.help": (
        "Кто и когда загружал данные, восстанавливал импорт, менял настройки или соответствия, "
        "вводил оценки или делал выгрузки: последние 1000 записей, сначала новые."),
    "audit.empty": "Пока ничего не записано.",
    "audit.col_recorded_at": "Когда",
    "audit.col_who": "Кто",
    "audit.col_action": "Что",
    "audit.col_detail": "Подробности",
    "audit.restore_point": "возвращена точка восстановления №{id}",
    "cli.as_not_allowed": (
        "У {email} роль {role}: эта команда — для директоров (история импорта называет файлы), "
        "а опрос — не для аналитиков (опрос называет своего клиента)."),
    "signin.no_access": (
        "У {email} нет доступа к KAM Analytics: в файле доступа {path} нет ни этого адреса, ни "
        "группы, в которую он входит. Попросите директора добавить его и войдите снова."),
    "access.bad_entry": (
        "Файлом доступа {path} нельзя воспользоваться: его запись [[{kind}]] номер {n} {problem} "
        "Пока это не исправлено, никто не может войти."),
    "access.not_a_table": "— не таблица ключей.",
    "access.no_key": "— в ней нет поля {field}.",
    "access.bad_role": "— в ней роль «{role}», а роль должна быть одной из: {roles}.",
    "access.bad_managers": (
        "— в ней managers не список имён, а должно быть, например, [\"Анна Петрова\"]."),
    "access.no_managers": (
        "даёт {who} роль manager без списка менеджеров: перечислите менеджеров, чьих клиентов "
        "он видит, как в данных, например managers = [\"Анна Петрова\"]."),
    "access.unknown_keys": (
        "— в ней неизвестные ключи: {keys} (известны: email или name, role, managers)."),
    "access.unreadable": "Файл доступа {path} не читается ({error}). Никто не может войти.",
    "access.not_toml": (
        "Файл доступа {path} — не корректный TOML ({error}). Пока это не исправлено, никто не "
        "может войти."),
    "access.unknown_sections": (
        "В файле доступа {path} неизвестные разделы: {sections} (известны [[user]] и "
        "[[group]]). Пока это не исправлено, никто не может войти."),
    "access.not_a_list": (
        "В файле доступа {path} раздел {kind} записан один раз: записывайте каждый как "
        "[[{kind}]]. Пока это не исправлено, никто не может войти."),
    "access.listed_twice": (
        "В файле доступа {path} {kind} {who} указан дважды: оставьте одну запись. Пока это не "
        "исправлено, никто не может войти."),
    "economics.title": "Экономика клиентов",
    "economics.period_note": (
        "Маржа — годовая, затраты на отношения — квартальные: затраты на отношения с каждым "
        "клиентом за {quarter} (затраты + часы менеджеров × {rate} {currency}) сопоставляются "
        "с четвертью его годовой валовой маржи (годовая маржа ÷ 4). Прибыль после затрат на "
        "отношения = маржа за квартал − эти затраты."),
    "economics.empty": (
        "Ни у одного клиента здесь не сохранена маржа. Добавьте столбец **Валовая маржа** на "
        "лист **Клиенты** вашей книги (рядом с «Клиент», «Менеджер», «Сегмент» и «Годовая "
        "выручка»; заголовок может быть и «Маржа», «Валовая прибыль», «Маржинальная прибыль») с "
        "годовой валовой маржой каждого клиента в деньгах — выручка за вычетом "
        "себестоимости проданного ему — и снова загрузите книгу на странице «Загрузка и "
        "данные»."),
    "economics.revenue_only": (
        "У клиентов ({n}) есть годовая выручка, но нет маржи: ниже они показаны только с "
        "выручкой и на кривую не попадают."),
    "economics.revenue_only.one": (
        "У {n} клиента есть годовая выручка, но нет маржи: ниже он показан только с выручкой и "
        "на кривую не попадает."),
    "economics.revenue_only.few": (
        "У {n} клиентов есть годовая выручка, но нет маржи: ниже они показаны только с "
        "выручкой и на кривую не попадают."),
    "economics.revenue_only.many": (
        "У {n} клиентов есть годовая выручка, но нет маржи: ниже они показаны только с "
        "выручкой и на кривую не попадают."),
    "economics.revenue_only_all": (
        "У клиентов ({n}) есть годовая выручка, но нет маржи: чтобы увидеть их экономику до "
        "того, как появится маржа, можно принять норму маржи."),
    "economics.revenue_only_all.one": (
        "У {n} клиента есть годовая выручка, но нет маржи: чтобы увидеть его экономику до "
        "того, как появится маржа, можно принять норму маржи."),
    "economics.revenue_only_all.few": (
        "У {n} клиентов есть годовая выручка, но нет маржи: чтобы увидеть их экономику до "
        "того, как появится маржа, можно принять норму маржи."),
    "economics.revenue_only_all.many": (
        "У {n} клиентов есть годовая выручка, но нет маржи: чтобы увидеть их экономику до "
        "того, как появится маржа, можно принять норму маржи."),
    "economics.assume": "Принять маржу для клиентов, у которых есть только выручка",
    "economics.assume_help": (
        "По умолчанию выключено: маржа не выдумывается. Если включить, маржой клиента "
        "считается введённая норма, умноженная на его годовую выручку, и везде она помечена "
        "как принятая."),
    "economics.margin_rate": "Валовая маржа, % от годовой выручки (ваше допущение)",
    "economics.assumed_note": (
        "Допущение: маржа клиентов ({n}) — {rate} % их годовой выручки, как вы задали; в "
        "таблице и выгрузке она помечена «принята»."),
    "economics.assumed_note.one": (
        "Допущение: маржа {n} клиента — {rate} % его годовой выручки, как вы задали; в таблице "
        "и выгрузке она помечена «принята»."),
    "economics.assumed_note.few": (
        "Допущение: маржа {n} клиентов — {rate} % их годовой выручки, как вы задали; в таблице "
        "и выгрузке она помечена «принята»."),
    "economics.assumed_note.many": (
        "Допущение: маржа {n} клиентов — {rate} % их годовой выручки, как вы задали; в таблице "
        "и выгрузке она помечена «принята»."),
    "economics.tile_margin": "Маржа, {currency}",
    "economics.tile_cost": "Затраты, {currency}",
    "economics.tile_share": "Затраты ÷ маржа",
    "economics.tile_profit": "Прибыль, {currency}",
    "economics.tile_losing": "Убыточные клиенты",
    "economics.margin_help": (
        "Валовая маржа за квартал (годовая ÷ 4) клиентов с маржой ({n})."),
    "economics.cost_help": (
        "Затраты на отношения (деньги плюс время менеджеров) клиентов с маржой ({n}); затраты "
        "клиентов без маржи — в их собственном списке ниже."),
    "economics.share_help": "Затраты на отношения как доля маржи за квартал.",
    "economics.profit_help": (
        "Прибыль после затрат: маржа за квартал за вычетом затрат на отношения."),
    "economics.losing_help": "Клиенты, у которых затраты на отношения больше маржи.",
    "economics.curve_title": "Кривая «кита»",
    "economics.chart_title": "Накопленная прибыль после затрат на отношения, {quarter}",
    "economics.chart_curve": "Прибыль после затрат на отношения, накопленная",
    "economics.chart_margin": "Маржа до затрат на отношения, накопленная",
    "economics.chart_band": "{strategy} (затраты)",
    "economics.chart_cumulative": "Накопленно",
    "economics.chart_peak": "Пик: {amount}",
    "economics.chart_total": "Все клиенты: {amount}",
    "economics.chart_x": "Клиенты, от самого прибыльного после затрат на отношения",
    "economics.chart_x_rank": "Клиенты по месту, от самого прибыльного после затрат на отношения",
    "economics.chart_y": "Накопленно, {currency}",
    "economics.curve_note": (
        "Кривая достигает пика {peak} на {rank}-м по прибыльности из {n} клиентов ({share} "
        "итога, {total}); клиенты ({losing}), у которых затраты на отношения больше маржи, "
        "опускают её на {lost}: {names}."),
    "economics.curve_note_no_total": (
        "Кривая достигает пика {peak} на {rank}-м по прибыльности из {n} клиентов и "
        "заканчивается на {total}; клиенты ({losing}), у которых затраты на отношения больше "
        "маржи, опускают её на {lost}: {names}."),
    "economics.more_names": " и ещё {n}",
    "economics.curve_rises": (
        "Каждый клиент на кривой приносит маржи больше, чем стоят отношения с ним: кривая "
        "только растёт, до {total}."),
    "economics.table_title": "Клиенты, от самого прибыльного после затрат на отношения",
    "economics.more_clients": (
        "Показаны {shown} самых и {shown} наименее прибыльных из {n} клиентов: в выгрузке есть "
        "все."),
    "economics.no_margin_title": "Без маржи ({n})",
    "economics.no_margin_note": (
        "Не входят ни в кривую, ни в цифры выше и никогда не угадываются: чтобы учесть их, "
        "введите их годовую валовую маржу в столбец «Валовая маржа» листа «Клиенты»."),
    "economics.download": "Скачать экономику клиентов (CSV)",
    "economics.download_help": (
        "Все клиенты под фильтрами, с маржой и без: маржа и её источник, затраты на отношения "
        "всего и по стратегиям, их доля в марже и прибыль после них."),
    "economics.col_rank": "№",
    "economics.col_margin": "Маржа за квартал ({currency})",
    "economics.col_cost": "Затраты на отношения ({currency})",
    "economics.col_share": "Затраты, % маржи",
    "economics.col_profit": "Прибыль после затрат ({currency})",
    "economics.col_source": "Маржа",
    "economics.col_revenue": "Годовая выручка ({currency})",
    "economics.col_why": "Почему",
    "economics.source.given": "указана",
    "economics.source.assumed": "принята",
    "economics.source.revenue_only": "только выручка, маржи нет",
    "economics.source.none": "нет ни маржи, ни выручки",
    # ---- client page ------------------------------------------------------------------------
    "client.health_title": "Здоровье отношений",
    "client.health_breaking": "Отношения под угрозой: {rules:; }.",
    "client.health_keeping": (
        "Красных показателей нет: отношения соответствуют измеряемым правилам."),
    "client.health_link": "Карта показателей, динамика и открытые проблемы",
    "client.title": "Клиент",
    "client.pick": "Клиент",
    "client.pick_help": "Клиенты упорядочены по полным затратам, от наибольших.",
    "client.bubbles_title": "{client}: затраты и ценность по методам, {quarter}",
    "client.strategy_title": "{client}: затраты по стратегиям, {quarter}",
    "client.cells_title": "Методы",
    "client.interactions_title": "Взаимодействия, {quarter}",
    # ---- methods page -----------------------------------------------------------------------
    "methods.title": "Методы",
    "methods.chart_title": "Затраты и ценность по методам во всём портфеле, {quarter}",
    "methods.detail_title": "Один метод, по клиентам",
    "methods.pick": "Метод",
    "methods.none_overinvested": "Ни у одного клиента нет избыточных вложений в метод «{method}».",
    "methods.overinvested": (
        "Клиентов с избыточными вложениями в метод «{method}»: {n}; {cost} потрачено там, где "
        "его ценят мало."),
    # ---- valuations page -------------------------------------------------------------------
    "valuations.title": "Оценки клиентов",
    "valuations.intro": (
        "Ценность (1–5), которую каждый клиент придаёт каждому методу, полученному за "
        "{quarter}. Введите или исправьте оценку либо очистите её, чтобы вернуться к оценкам "
        "взаимодействий, и сохраните: матрица на всех страницах сразу её учтёт. У каждой "
        "записи сохраняется, кто и когда её сделал."),
    "valuations.grid_title": "Оценки, {quarter}",
    "valuations.grid_help": (
        "Строки — клиенты, столбцы — методы. Число — оценка клиента; пусто — оценки нет "
        "(тогда матрица берёт среднее оценок взаимодействий, оно в следующей таблице)."),
    "valuations.in_use_title": "Что учитывает матрица",
    "valuations.legend": (
        "4: оценка клиента (на синем). ≈3,5: среднее оценок взаимодействий (серое). ?: "
        "взаимодействия были, оценки ещё нет (на жёлтом). Пусто: взаимодействий за {quarter} "
        "не было."),
    "valuations.entered_by": "Кто вводит",
    "valuations.entered_by_help": "Ваше имя: оно сохраняется с каждой оценкой.",
    "valuations.comment": "Комментарий (сохраняется с каждой оценкой в этом сохранении)",
    "valuations.save": "Сохранить оценки",
    "valuations.no_changes": "Ни одна оценка не изменилась: сохранять нечего.",
    "valuations.need_name": "Перед сохранением укажите, кто вводит оценки (поле «Кто вводит»).",
    "valuations.saved": "Сохранено оценок за {quarter}: {n:,}; все страницы уже их учитывают.",
    "valuations.saved.one": "Сохранена {n:,} оценка за {quarter}; все страницы уже её учитывают.",
    "valuations.saved.few": "Сохранены {n:,} оценки за {quarter}; все страницы уже их учитывают.",
    "valuations.saved.many": "Сохранено {n:,} оценок за {quarter}; все страницы уже их учитывают.",
    "valuations.no_activity": (
        "Не сохранено: {cells}. У этих клиентов не было взаимодействий этими методами за "
        "{quarter}, так что оценка там ни на что не влияла бы."),
    "valuations.cell": "{client} × {method}",
    "valuations.history_title": "История",
    "valuations.history_pick": "Клиент",
    "valuations.history_empty": "Оценок клиента {client} за {quarter} пока нет.",
    "valuations.in_force": "Действует",
    "valuations.source": "Источник",
    "valuations.entered": "введено в приложении",
    "valuations.when": "Когда",
    "valuations.cleared": "очищено",
    "valuations.survey_title": "Опрос об оценках",
    "valuations.survey_intro": (
        "Отправьте каждому клиенту книгу со списком методов, полученных им за {quarter}, с "
        "выбором 1–5 и столбцом для комментария; в каждом файле — только его клиент. "
        "Загрузите вернувшиеся файлы на странице «Загрузка и данные»: они импортируются как "
        "оценки."),
    "valuations.survey_zip": "По книге на клиента (.zip)",
    "valuations.survey_all": "Одна книга, лист на клиента (для команды)",
    "valuations.survey_all_help": (
        "В ней названы все клиенты: держите её в команде, не отправляйте."),
    # ---- upload page ------------------------------------------------------------------------
    "upload.title": "Загрузка и данные",
    "upload.tab_upload": "Загрузка",
    "upload.tab_history": "История импорта",
    "upload.tab_settings": "Настройки",
    "upload.intro": (
        "Загрузите взаимодействия за квартал: файл CSV или Excel с датой, клиентом, методом "
        "и, при наличии, затратами, часами, оценкой клиента (1–5) и менеджером. Несколько "
        "файлов, загруженных вместе, — это один импорт."),
    "upload.template": "Скачать шаблон Excel",
    "template.doc_title": "Шаблон данных KAM Analytics",
    "template.sheet.interactions": "Взаимодействия",
    "template.sheet.clients": "Клиенты",
    "template.sheet.valuations": "Оценки",
    "template.sheet.methods": "Методы",
    "template.sheet.read_me": "Инструкция",
    "template.col_sheet": "Лист",
    "template.col_column": "Столбец",
    "template.col_meaning": "Значение (строкой ниже — по-английски)",
    "template.method_id": "Код метода",
    "template.required": "обязательно",
    "template.optional": "необязательно",
    "template.intro": (
        "Одна строка на каждое взаимодействие или расход на листе «{interactions}»; листы "
        "«{clients}» и «{valuations}» необязательны. Удалите строку-пример перед загрузкой."),
    "template.methods_note": (
        "26 методов работы с ключевыми клиентами по-английски и по-русски, со стратегией и "
        "кодом."),
    "template.method_title": "Метод",
    "template.method_prompt": "Выберите один из 26 методов (лист «{methods}»).",
    "template.method_error_title": "Неизвестный метод",
    "template.method_error": (
        "Такого названия нет на листе «{methods}». Названия на другом языке и коды тоже "
        "принимаются; незнакомые названия будут отмечены при загрузке."),
    "template.value_prompt": (
        "Оценка клиентом этого метода: целое число от 1 (бесполезен) до 5 (необходим). "
        "Оставьте пустым, если оценки нет."),
    "template.value_error_title": "Оценка вне диапазона",
    "template.value_error": "Введите целое число от 1 до 5.",
    "template.cost_prompt": "Потраченные деньги: 0 или больше.",
    "template.hours_prompt": "Время менеджеров в часах: 0 или больше.",
    "template.negative_title": "Отрицательное число",
    "template.negative_error": "Введите число, 0 или больше.",
    "template.words_error": (
        "Выберите одно из слов списка (по-русски или по-английски); другие слова будут "
        "отмечены при загрузке."),
    "upload.drop": "Перетащите сюда файлы CSV или Excel",
    "upload.browse": "Выбрать файлы",
    "upload.limit": "до {mb} МБ на файл • {types}",
    "upload.help": (
        "CSV (UTF-8 или Windows-1251; разделитель — запятая, точка с запятой или табуляция), "
        "xlsx, xlsm, xls, xlsb, ods."),
    "upload.columns_of": "Столбцы: {where} (заголовок в строке {row})",
    "upload.columns_of_alike": (
        "Столбцы: {where} и ещё таблиц с такими же заголовками: {n:,} (заголовок в строке {row})"),
    "upload.columns_of_alike.one": (
        "Столбцы: {where} и ещё {n:,} таблицы с такими же заголовками (заголовок в строке {row})"),
    "upload.columns_of_alike.few": (
        "Столбцы: {where} и ещё {n:,} таблиц с такими же заголовками (заголовок в строке {row})"),
    "upload.columns_of_alike.many": (
        "Столбцы: {where} и ещё {n:,} таблиц с такими же заголовками (заголовок в строке {row})"),
    "upload.tables_more": (
        "Столбцы ещё нескольких таблиц ({n:,}) не показаны. Выбор выше действует для каждой "
        "таблицы с таким заголовком; чтобы прочитать другую иначе, переименуйте её заголовок в "
        "файле."),
    "upload.tables_more.one": (
        "Столбцы ещё {n:,} таблицы не показаны. Выбор выше действует для каждой таблицы с таким "
        "заголовком; чтобы прочитать другую иначе, переименуйте её заголовок в файле."),
    "upload.tables_more.few": (
        "Столбцы ещё {n:,} таблиц не показаны. Выбор выше действует для каждой таблицы с таким "
        "заголовком; чтобы прочитать другую иначе, переименуйте её заголовок в файле."),
    "upload.tables_more.many": (
        "Столбцы ещё {n:,} таблиц не показаны. Выбор выше действует для каждой таблицы с таким "
        "заголовком; чтобы прочитать другую иначе, переименуйте её заголовок в файле."),
    "upload.missing": (
        "Укажите, в каких столбцах: {missing}. Если такого столбца в файле нет, добавьте его и "
        "загрузите файл снова."),
    "upload.columns_more": (
        "Ещё столбцы не показаны ({n}): ни один из них не читается. Выберите столбец выше или "
        "переименуйте его заголовок в файле."),
    "upload.unknown_title": "Названия методов для сопоставления: {n}",
    "upload.unknown_title.one": "{n} название метода для сопоставления",
    "upload.unknown_title.few": "{n} названия метода для сопоставления",
    "upload.unknown_title.many": "{n} названий методов для сопоставления",
    "upload.unknown_help": (
        "Этих названий нет среди 26 методов. Выберите, какой метод означает каждое; выбор "
        "сохраняется и применяется к следующим загрузкам."),
    "upload.unknown_label": "«{label}» (строк: {rows}, {where}; ближайшие: {suggestions})",
    "upload.unknown_label.one": "«{label}» ({n} строка, {where}; ближайшие: {suggestions})",
    "upload.unknown_label.few": "«{label}» ({n} строки, {where}; ближайшие: {suggestions})",
    "upload.unknown_label.many": "«{label}» ({n} строк, {where}; ближайшие: {suggestions})",
    "upload.choose_method": "Выберите метод…",
    "upload.variants_title": "Названия клиентов, которые могут быть одним клиентом: {n}",
    "upload.variants_title.one": "{n} название клиента может означать того же клиента",
    "upload.variants_title.few": "{n} названия клиентов могут быть одним клиентом",
    "upload.variants_title.many": "{n} названий клиентов могут быть одним клиентом",
    "upload.variants_help": (
        "Эти названия различаются только регистром, пробелами, знаками препинания или похожими "
        "буквами (кириллическая С и латинская C выглядят одинаково). Объедините каждую группу "
        "в одно название или оставьте их раздельными; выбор сохраняется и применяется к "
        "следующим загрузкам."),
    "upload.variants_apart": "Оставить раздельно (как в файле)",
    "upload.variants_as": "Один клиент: {name}",
    "upload.unknown_rest": "Ещё названий: {n:,} (строк: {rows}), ответ для всех сразу",
    "upload.unknown_unlisted": (
        "Ещё названий слишком много для списка: {n:,} (строк: {rows}); выбор ниже относится к "
        "перечисленным. Столько неизвестных названий обычно значит, что методы записаны в "
        "другом столбце: проверьте столбцы выше."),
    "upload.unknown_bulk": "Читать все названия в этой таблице как",
    "upload.unknown_bulk_apply": "Применить ко всем названиям в таблице",
    "upload.col_label": "Название",
    "upload.col_closest": "Ближайший метод",
    "upload.quarter": "Квартал этих оценок",
    "upload.quarter_help": (
        "У оценок нет квартала, а в загрузке нет взаимодействий, по которым его определить: "
        "они сохраняются за квартал, выбранный здесь (последний сохранённый, если не "
        "изменить)."),
    "upload.unused_numbers": (
        "Столбец {column} ({where}) содержит числа, а недостающих данных не даёт ни один "
        "столбец. Что в нём?"),
    "upload.unused_pick": "Выберите, что в нём, или «не используется»…",
    "upload.valuations_alone": (
        "Только оценки: они добавляются к кварталам {quarters} рядом с уже сохранёнными "
        "данными; если метод клиента уже оценивался, учитывается самая новая оценка."),
    "upload.prefilled": (
        "Для каждого названия заранее выбран ближайший метод. Проверьте каждый выбор до "
        "импорта: кнопка «Импортировать» подтверждает их, и они сохраняются для следующих "
        "загрузок."),
    "upload.exclude": "Не учитывать эти строки",
    "upload.rejected": (
        "Эту загрузку пока нельзя импортировать, проблем: {n}. Ничего не сохранено."),
    "upload.rejected.one": (
        "Эту загрузку пока нельзя импортировать: {n} проблема. Ничего не сохранено."),
    "upload.rejected.few": (
        "Эту загрузку пока нельзя импортировать: {n} проблемы. Ничего не сохранено."),
    "upload.rejected.many": (
        "Эту загрузку пока нельзя импортировать: {n} проблем. Ничего не сохранено."),
    "upload.warnings": "Замечаний о чтении файлов: {n}",
    "upload.warnings.one": "{n} замечание о чтении файлов",
    "upload.warnings.few": "{n} замечания о чтении файлов",
    "upload.warnings.many": "{n} замечаний о чтении файлов",
    "upload.overlap": (
        "Данные за {quarters} уже сохранены (импорт {imports}). Это ещё один лист за тот же "
        "квартал или исправленная версия?"),
    "upload.mode": "Что сделать с уже сохранёнными данными?",
    "upload.currency": "Суммы указаны в",
    "upload.currency_help": (
        "Валюта денежных столбцов. Если она названа в заголовке («Затраты, руб.», «Расходы "
        "(€)»), она выбирается сама; иначе берётся валюта хранилища."),
    "upload.currency_from_header": "Указана в заголовках.",
    "upload.currency_from_store": "Ни один заголовок не называет валюту: взята валюта хранилища.",
    "upload.currency_first": "Это первый импорт: хранилище будет вести суммы в {currency}.",
    "upload.rate": "1 {currency} = сколько {stored}?",
    "upload.rate_help": (
        "Цифры хранилища — в {stored}; суммы в разных валютах никогда не складываются. Суммы "
        "пересчитываются по этому курсу, и курс сохраняется вместе с импортом."),
    "upload.rate_needed": (
        "Введите курс, чтобы импортировать суммы в {currency} в хранилище в {stored}."),
    "upload.mode.append": "Добавить эту загрузку к ним",
    "upload.mode.replace": "Заменить их этой загрузкой (их можно восстановить из истории)",
    "upload.import": "Импортировать",
    "progress.reading": "Читаем файлы…",
    "progress.checking": "Проверяем каждую строку…",
    "progress.storing": "Сохраняем импорт…",
    "upload.decide_again": (
        "Сохранённые данные тем временем изменились: выберите ещё раз, добавить или заменить."),
    "upload.unchanged": "Ничего не изменилось: эти файлы уже импортированы как №{id}.",
    "upload.done": (
        "Импорт №{id}: взаимодействий — {rows}, клиентов — {clients}, кварталы {quarters}."),
    "upload.done_replaced": (
        " Он заменяет №{ids} за эти кварталы (их можно восстановить в истории импорта)."),
    "upload.done_valuations": " Оценок клиентов: {n:,}.",
    "upload.done_valuations.one": " {n:,} оценка клиента.",
    "upload.done_valuations.few": " {n:,} оценки клиентов.",
    "upload.done_valuations.many": " {n:,} оценок клиентов.",
    "upload.done_notes": " Замечаний о чтении файлов: {n}.",
    "upload.done_notes.one": " {n} замечание о чтении файлов.",
    "upload.done_notes.few": " {n} замечания о чтении файлов.",
    "upload.done_notes.many": " {n} замечаний о чтении файлов.",
    "upload.no_history": "Импортов пока нет.",
    "upload.history_notes": "Как прочитан каждый импорт и замечания к нему",
    "upload.history_notes_pick": "Импорт",
    "upload.restore_pick": "Восстановить заменённый импорт",
    "upload.restore": "Восстановить",
    "upload.restored": "Импорт №{id} снова действует; отложено: {displaced}.",
    # ---- settings ---------------------------------------------------------------------------
    "settings.rate": "Ставка за час времени менеджеров",
    "settings.rate_help": (
        "Стоимость времени = часы × эта ставка; полные затраты = потраченные деньги + "
        "стоимость времени."),
    "settings.currency": "Валюта сумм",
    "settings.band_low": "Контактов в месяц с ключевым клиентом: не меньше",
    "settings.band_high": "… и не больше",
    "settings.band_help": (
        "Здоровье отношений: встречи, звонки и визиты в месяц вне этой нормы — слишком редко "
        "или слишком часто (жёлтый; красный — ниже половины нижней или выше удвоенной верхней "
        "границы)."),
    "settings.band_order": (
        "Верхняя граница нормы ({high}) ниже нижней ({low}): ничего не сохранено."),
    "settings.save": "Сохранить настройки",
    "settings.saved": "Сохранено.",
    "settings.mappings": "Сохранённые соответствия",
    "settings.no_mappings": "Сохранённых соответствий пока нет.",
    "settings.kind_header": "Столбец",
    "settings.kind_method": "Метод",
    "settings.kind_client": "Название клиента",
    "settings.origin_import": "импорт №{id} ({files}), {when}",
    "settings.origin_settings": "задано здесь, {when}",
    "settings.edit_mapping": "Изменить или удалить сохранённое соответствие",
    "settings.pick_mapping": "Сохранённое соответствие",
    "settings.new_target": "Читать как",
    "settings.mapping_saved": (
        "Сохранено: «{source}» теперь читается как {target}. Действует со следующего импорта."),
    "settings.remove_mapping": "Удалить",
    "settings.mapping_removed": (
        "Удалено: «{source}» больше не читается через сохранённое соответствие."),
    "settings.currency_fixed": (
        "Суммы хранятся в {currency}. Валюту задаёт первый импорт, и пока данные хранятся, её "
        "нельзя переименовать: загрузка в другой валюте запросит курс."),
    # ---- import messages (ingest.py) ---------------------------------------------------------
    # ---- pieces that messages are made of -------------------------------------------------
    "text.list": "{items}",
    "text.semicolons": "{items:; }",
    "text.and_list": "{items: и }",
    "text.or_list": "{items: или }",
    "text.slashes": "{items: / }",
    "text.and_then": "{first} {then}",
    "text.quoted": "«{text}»",
    "text.quoted_because": "«{text}» ({why})",
    "text.blank": "(пусто)",
    "text.map_option": "--map '{header}={column}'",
    "where.sheet": "лист «{sheet}»",
    "where.column": "столбец {column}",
    "where.row": "строка {row}",
    "where.file_row": "{file}, строка {row}",
    "where.row_pair": "{a} = {b}",
    "where.name_rows": "«{name}» (строк: {n:,})",
    "where.name_rows.one": "«{name}» ({n:,} строка)",
    "where.name_rows.few": "«{name}» ({n:,} строки)",
    "where.name_rows.many": "«{name}» ({n:,} строк)",
    "where.rows": "строки {rows}",
    "where.and_more": "и ещё {n}",
    "problem.fix": "Как исправить: {fix}",
    "problem.line": "{where}: {what}.",
    "problem.line_with_fix": "{where}: {what}. {fix}",
    "problem.more": (
        "… и ещё проблем, не показанных здесь: {n}. Исправьте те, что выше, и загрузите снова."),
    "problem.needs_mapping": (
        "{where}: в строке заголовков (строка {row}) нет столбца, распознанного как {missing}. "
        "Заголовки файла: {headers}. Сопоставьте их на странице «Загрузка и данные» или в "
        "командной строке: --map 'ЗАГОЛОВОК=column'"),
    "problem.unknown_method": (
        "Неизвестный метод «{label}» (строк: {rows:,}; {where}). Ближайшие методы: "
        "{suggestions}. Сопоставьте его с одним из 26 методов на странице «Загрузка и данные» "
        "или так: --map-method 'НАЗВАНИЕ=МЕТОД'"),
    "problem.unknown_method.one": (
        "Неизвестный метод «{label}» ({n} строка; {where}). Ближайшие методы: {suggestions}. "
        "Сопоставьте его с одним из 26 методов на странице «Загрузка и данные» или так: "
        "--map-method 'НАЗВАНИЕ=МЕТОД'"),
    "problem.unknown_method.few": (
        "Неизвестный метод «{label}» ({n} строки; {where}). Ближайшие методы: {suggestions}. "
        "Сопоставьте его с одним из 26 методов на странице «Загрузка и данные» или так: "
        "--map-method 'НАЗВАНИЕ=МЕТОД'"),
    "problem.unknown_method.many": (
        "Неизвестный метод «{label}» ({n} строк; {where}). Ближайшие методы: {suggestions}. "
        "Сопоставьте его с одним из 26 методов на странице «Загрузка и данные» или так: "
        "--map-method 'НАЗВАНИЕ=МЕТОД'"),
    "problem.duplicate_column": "{columns: и } читаются как один и тот же столбец {column}",
    "problem.too_many_labels": (
        "в столбце {column} разных названий: {n:,}, больше предела {limit:,} для столбца методов "
        "работы с клиентами (в нём называется несколько десятков методов)"),
    "fix.too_many_labels": (
        "проверьте, что как метод читается нужный столбец: сопоставьте его на странице "
        "«Загрузка и данные» или так: --map 'ЗАГОЛОВОК=method' (а неверный — с 'ignore'); или "
        "исправьте файл."),
    "problem.unknown_methods_more": (
        "ещё неизвестных названий методов: {n:,} (строк: {rows:,}), сверх {listed:,} с наибольшим "
        "числом строк, не перечислены. Проверьте, что столбец методов выбран верно, или "
        "исправьте файл"),
    "problem.unknown_methods_more.one": (
        "ещё {n:,} неизвестное название метода (строк: {rows:,}) не перечислено, сверх "
        "{listed:,} с "
        "наибольшим числом строк. Сопоставьте перечисленные или исправьте файл"),
    "problem.unknown_methods_more.few": (
        "ещё {n:,} неизвестных названия метода (строк: {rows:,}) не перечислены, сверх "
        "{listed:,} с "
        "наибольшим числом строк. Проверьте, что столбец методов выбран верно, или исправьте "
        "файл"),
    "problem.unknown_methods_more.many": (
        "ещё {n:,} неизвестных названий методов (строк: {rows:,}) не перечислены, сверх "
        "{listed:,} с "
        "наибольшим числом строк. Проверьте, что столбец методов выбран верно, или исправьте "
        "файл"),
    "problem.unused_numbers": (
        "{where}: в столбце {column} числа, которые не используются, а столбца {missing: или } "
        "в таблице нет. Укажите, что в нём, на странице «Загрузка и данные» ({missing: или } "
        "или «не используется») или в командной строке: {maps: или }"),
    "problem.currencies": (
        "денежные столбцы называют разные валюты: {columns}; один импорт ведёт суммы в одной "
        "валюте"),
    "where.currency": "{column} {currency}",
    "problem.hours_and_minutes": "в {a} часы, а в {b} минуты: оставьте только один из них",
    "problem.not_a_number": "не число",
    "problem.not_a_date": "не дата",
    "problem.not_yes_no": "ни «да», ни «нет»",
    "problem.below_min": "меньше минимума {minimum}",
    "problem.above_max": "больше максимума {maximum}",
    "problem.date_range": "дата вне периода {earliest} … {latest}",
    "problem.missing": "не заполнено: {column}",
    "problem.no_rows": "под заголовком нет строк с данными",
    "problem.no_table": (
        "ни на одном листе нет таблицы со столбцами «Дата», «Клиент» и «Метод» (или таблицы "
        "«Клиенты» или «Оценки»)"),
    "problem.duplicate_client": "один и тот же клиент указан несколько раз",
    "problem.margin_above_revenue": (
        "маржа больше годовой выручки клиента: валовая маржа — это выручка за вычетом "
        "себестоимости проданного, поэтому больше быть не может"),
    "problem.net_margin": (
        "«{header}» — чистый показатель: затраты сверх себестоимости (в том числе на "
        "отношения) уже вычтены, и они были бы учтены дважды"),
    "problem.margin_as_share": (
        "вся маржа лежит между -1 и 1: похоже на нормы маржи (0,25 вместо 25 %), а не на "
        "суммы денег"),
    "problem.not_a_quarter": "не квартал",
    "problem.valuation_no_quarter": (
        "в таблице «Оценки» нет столбца «Квартал», а в загрузке нет взаимодействий, по "
        "которым его определить"),
    "problem.bad_quarter": "«{quarter}» — не квартал",
    "problem.duplicate_valuation": "один и тот же клиент и метод оценены дважды",
    "fix.duplicate_column": (
        "переименуйте или удалите один из столбцов либо сопоставьте его с 'ignore'."),
    "fix.number": (
        "вводите просто суммы, например 1234,50 или 1 234,50, без текста и знака процента; "
        "для 0 оставьте ячейку пустой."),
    "fix.amount_max": (
        "суммы должны быть меньше 100 триллионов; проверьте, что в столбце суммы, а не номера "
        "счетов или идентификаторы."),
    "fix.range": (
        "исправьте значение; затраты и часы не могут быть отрицательными, оценки — от 1 до 5."),
    "fix.missing": "заполните ячейку или удалите строку, если это не взаимодействие.",
    "fix.date": "пишите даты как 03.07.2026 или 2026-07-03, в одном формате во всём столбце.",
    "fix.yes_no": (
        "пишите «да» или «нет» (yes или no) либо оставьте ячейку пустой, если неизвестно."),
    "fix.unknown_words": (
        "используйте одно из слов {words} (по-русски или по-английски) или оставьте ячейку "
        "пустой; до тех пор эти строки не входят ни в один показатель здоровья, которому нужно "
        "это слово."),
    "fix.date_range": (
        "проверьте год; даты должны быть между 1990 годом и годом вперёд от сегодня."),
    "fix.no_rows": "поместите взаимодействия под строкой заголовков, по одному в строке.",
    "fix.no_table": (
        "проверьте, что строка заголовков называет столбцы (например, «Дата», «Клиент», "
        "«Метод», «Затраты», «Часы»), или скачайте шаблон на странице «Загрузка и данные»."),
    "fix.duplicate_client": "оставьте по одной строке на клиента на листе «Клиенты».",
    "fix.margin_above_revenue": (
        "проверьте, что в столбце годовая валовая маржа и что маржа и выручка в одних единицах "
        "(заголовок вроде «Маржа, тыс. руб.» масштабирует суммы)."),
    "fix.net_margin": (
        "укажите валовую маржу каждого клиента (выручка за вычетом себестоимости проданного) "
        "под заголовком вроде «Валовая маржа» или не включайте этот столбец."),
    "fix.margin_as_share": (
        "введите годовую валовую маржу каждого клиента в деньгах (выручка × норма маржи) или "
        "укажите единицы в заголовке («Маржа, млн руб.»), если суммы в миллионах."),
    "fix.quarter": "добавьте столбец «Квартал» со значениями вроде 2026Q3.",
    "fix.valuation_quarter": (
        "выберите квартал этих оценок на странице «Загрузка и данные» (в командной строке: "
        "--quarter 2026Q3) или добавьте столбец «Квартал» со значениями вроде 2026Q3."),
    "fix.currencies": "пересчитайте суммы в одну валюту или импортируйте файлы по отдельности.",
    "fix.duplicate_valuation": "оставьте по одной оценке на клиента и метод за каждый квартал.",
    "warn.unused_columns": "не используются столбцы: {columns}",
    "warn.read_by_content": (
        "{column} прочитан как столбец {target}: {pct} % его значений — {what}"),
    "warn.read_instead": (
        "{column} прочитан как столбец {target}, а не {other}: {pct} % его значений — {what}, "
        "у {other} — {other_pct} %"),
    "warn.valuations_table": (
        "ни в одном столбце нет дат: прочитано как таблица «Оценки» (клиент, метод и оценка)"),
    "warn.unanswered": (
        "строк без оценки (нет ответа): {n:,}; они не учтены, остальные импортированы"),
    "warn.unanswered.one": (
        "{n:,} строка без оценки (нет ответа): она не учтена, остальные импортированы"),
    "warn.unanswered.few": (
        "{n:,} строки без оценки (нет ответа): они не учтены, остальные импортированы"),
    "warn.unanswered.many": (
        "{n:,} строк без оценки (нет ответа): они не учтены, остальные импортированы"),
    "content.methods": "методы",
    "content.dates": "даты",
    "content.amounts": "суммы от 0",
    "content.hours": "часы от 0",
    "content.ratings": "оценки от 1 до 5",
    "warn.not_completed": (
        "не завершённых мероприятий не учтено: {n:,}; в {column} указано {statuses}; "
        "импортируются только завершённые"),
    "warn.not_completed.one": (
        "{n:,} не завершённое мероприятие не учтено: в {column} указано {statuses}; "
        "импортируются только завершённые"),
    "warn.not_completed.few": (
        "{n:,} не завершённых мероприятия не учтены: в {column} указано {statuses}; "
        "импортируются только завершённые"),
    "warn.not_completed.many": (
        "{n:,} не завершённых мероприятий не учтено: в {column} указано {statuses}; "
        "импортируются только завершённые"),
    "where.status_rows": "{status} ({n:,})",
    "warn.status_unknown": (
        "в {column} нет статуса мероприятия (вроде «Завершено» или «Открыто»): ни одна строка "
        "не исключена по статусу"),
    "problem.extra_cells": (
        "в строках ({n:,}) больше ячеек, чем столбцов в заголовке ({width}), и их значения "
        "сдвинулись бы в следующий столбец (сумма с десятичной запятой, 1200,50, делится "
        "надвое): {examples:; }"),
    "problem.extra_cells.one": (
        "в {n:,} строке больше ячеек, чем столбцов в заголовке ({width}), и её значения "
        "сдвинулись бы в следующий столбец (сумма с десятичной запятой, 1200,50, делится "
        "надвое): {examples:; }"),
    "problem.extra_cells.few": (
        "в {n:,} строках больше ячеек, чем столбцов в заголовке ({width}), и их значения "
        "сдвинулись бы в следующий столбец (сумма с десятичной запятой, 1200,50, делится "
        "надвое): {examples:; }"),
    "problem.extra_cells.many": (
        "в {n:,} строках больше ячеек, чем столбцов в заголовке ({width}), и их значения "
        "сдвинулись бы в следующий столбец (сумма с десятичной запятой, 1200,50, делится "
        "надвое): {examples:; }"),
    "fix.extra_cells": (
        "возьмите суммы с десятичной запятой в кавычки (\"1200,50\"), сохраните файл с ';' "
        "между столбцами или пишите суммы с десятичной точкой (1200.50)"),
    "warn.totals_rows": "строки итогов не импортированы",
    "warn.repeated_header": "повторные строки заголовков не импортированы",
    "warn.footer_rows": "строки после данных похожи на подвал отчёта и не импортированы",
    "warn.format": "{column}: {note}",
    "warn.spaces": "лишние пробелы удалены: {column}",
    "warn.invisible": (
        "{column}: в ячейках ({n:,}) были невидимые символы (пробел нулевой ширины, мягкий "
        "перенос, BOM); они удалены, и названия совпадают с тем, как они выглядят"),
    "warn.invisible.one": (
        "{column}: в {n:,} ячейке были невидимые символы (пробел нулевой ширины, мягкий перенос, "
        "BOM); они удалены, и название совпадает с тем, как оно выглядит"),
    "warn.invisible.few": (
        "{column}: в {n:,} ячейках были невидимые символы (пробел нулевой ширины, мягкий "
        "перенос, BOM); они удалены, и названия совпадают с тем, как они выглядят"),
    "warn.invisible.many": (
        "{column}: в {n:,} ячейках были невидимые символы (пробел нулевой ширины, мягкий "
        "перенос, BOM); они удалены, и названия совпадают с тем, как они выглядят"),
    "warn.minutes": "в {column} минуты: пересчитаны в часы",
    "warn.unknown_words": (
        "{column}: в ячейках ({n:,}) слова, которые здесь неизвестны ({words}): оставлены пустыми"),
    "warn.excluded": "строк с методом «{label}» не учтено, как задано: {n}",
    "warn.method_by_words": (
        "«{label}» прочитано как {method} (строк: {n:,}): слова в нём называют только этот "
        "метод; сопоставьте название, чтобы читать иначе"),
    "warn.method_by_words.one": (
        "«{label}» прочитано как {method} ({n:,} строка): слова в нём называют только этот "
        "метод; сопоставьте название, чтобы читать иначе"),
    "warn.method_by_words.few": (
        "«{label}» прочитано как {method} ({n:,} строки): слова в нём называют только этот "
        "метод; сопоставьте название, чтобы читать иначе"),
    "warn.method_by_words.many": (
        "«{label}» прочитано как {method} ({n:,} строк): слова в нём называют только этот "
        "метод; сопоставьте название, чтобы читать иначе"),
    "warn.hidden_sheet": (
        "скрытый лист не прочитан; если на нём данные, покажите его и загрузите снова"),
    "warn.sheet_skipped": "лист не прочитан: на нём нет распознанной таблицы",
    "warn.similar_clients": (
        "названия клиентов, различающиеся только регистром, пробелами, знаками препинания или "
        "похожими буквами (кириллическая С и латинская C), оставлены раздельными: {names:; }"),
    "fix.similar_clients": (
        "если это один клиент, выберите его написание (в командной строке: --map-client "
        "'ВАРИАНТ=НАЗВАНИЕ' для каждого варианта); выбор сохраняется для следующих импортов"),
    "warn.clients_merged": "названия клиентов прочитаны в одном написании, как задано: {pairs:; }",
    "warn.duplicate_rows": (
        "{n:,} из {total:,} взаимодействий во всех полях совпадают с более ранними (выгружены "
        "дважды?): {pairs}. Они сохранены, так как два одинаковых визита могут быть "
        "настоящими"),
    "warn.duplicate_rows.one": (
        "{n:,} из {total:,} взаимодействий во всех полях совпадает с более ранним (выгружено "
        "дважды?): {pairs}. Оно сохранено, так как два одинаковых визита могут быть "
        "настоящими"),
    "warn.duplicate_rows.few": (
        "{n:,} из {total:,} взаимодействий во всех полях совпадают с более ранними (выгружены "
        "дважды?): {pairs}. Они сохранены, так как два одинаковых визита могут быть "
        "настоящими"),
    "warn.duplicate_rows.many": (
        "{n:,} из {total:,} взаимодействий во всех полях совпадают с более ранними (выгружены "
        "дважды?): {pairs}. Они сохранены, так как два одинаковых визита могут быть "
        "настоящими"),
    "fix.duplicate_rows": "если строки выгружены дважды, удалите копии и импортируйте снова",
    # ---- backups ----------------------------------------------------------------------------
    "store.is_folder": (
        "{path} — папка, а не хранилище: укажите файл хранилища, например {path}/kam.duckdb."),
    "store.damaged": (
        "Хранилище {path} повреждено и не прочитано ({error}). {advice}"),
    "store.restore_advice": (
        "Самая новая читаемая резервная копия — №{id} от {taken}: верните её командой "
        "`python -m kam_analytics restore-backup {id} --db {path}` (повреждённый файл тоже "
        "сохранится как резервная копия; импорты после {taken} нужно будет повторить)."),
    "store.no_good_backup": (
        "Ни одна резервная копия в {folder} не читается. Уберите повреждённый файл и заново "
        "импортируйте файлы кварталов в новое хранилище."),
    "store.cannot_write": (
        "Не удалось записать хранилище {path} ({error}). Ничего не изменено. {fix}"),
    "store.backup_failed": (
        "Ничего не импортировано: копию хранилища, которая делается перед каждым импортом, не "
        "удалось записать в {folder} ({error}). {fix}"),
    "store.fix_full": (
        "Диск заполнен: освободите место (можно удалить старые копии в папке резервных "
        "копий) и попробуйте снова."),
    "store.fix_permission": (
        "У этого пользователя нет права записи: дайте ему право записи в файл хранилища и его "
        "папку (рядом с хранилищем пишется журнал) или укажите другой --db."),
    "store.cannot_open": (
        "Хранилище {path} не открывается ({error}): проверьте, что путь указывает на файл "
        "хранилища и что этот пользователь может читать и писать его и его папку."),
    "store.schema_too_new": (
        "{path} записан более новой версией KAM Analytics (версия хранилища {found}; эта "
        "версия знает до {known}): откройте его той версией или восстановите более старую "
        "копию."),
    "store.amounts_too_large": (
        "В хранилище есть сумма {amount}, больше {maximum}, которые эта версия хранит точно: "
        "хранилище оставлено без изменений. Откройте его версией, которая его записала, и "
        "исправьте или замените импорт с этой суммой."),
    "store.cannot_connect": (
        "Не удаётся подключиться к хранилищу PostgreSQL {url} ({error}): проверьте, что сервер "
        "запущен, что в адресе верно указаны хост, порт, пользователь и база данных и что "
        "этому пользователю разрешено подключаться."),
    "store.cannot_write_server": (
        "Хранилище PostgreSQL {url} не приняло запись ({error}); ничего не изменено: "
        "освободите место на сервере или дайте этому пользователю право записи и повторите."),
    "store.engine_unknown": (
        "Адреса {scheme}:// не открывает ни один тип хранилища: укажите путь к файлу DuckDB."),
    "store.no_store_server": (
        "В {url} ещё нет хранилища KAM Analytics, а открыто оно только для чтения: сначала "
        "импортируйте в него файл (или скопируйте в него хранилище командой copy-store)."),
    "store.older_read_only": (
        "Хранилище {url} версии {found}, а эта версия KAM Analytics читает версию {known}: "
        "открытое только для чтения, оно не изменено. Откройте его один раз для записи (импорт "
        "или python -m kam_analytics mappings --db ...), чтобы обновить."),
    "store.read_only_server": (
        "Хранилище PostgreSQL {url} открыто только для чтения: ничего не изменено. Чтобы внести "
        "изменения, откройте его для записи."),
    "import.merge_clients": (
        "  вопрос: {names} могут быть одним клиентом; чтобы читать их все как «{name}», "
        "импортируйте снова с {options}"),
    "import.currency_assumed": (
        "Ни один заголовок не называет валюту: суммы прочитаны в {currency}, валюте хранилища. "
        "Если они в другой валюте, импортируйте снова с --currency КОД (и --rate)."),
    "currency.mismatch": (
        "Суммы в этой загрузке в {currency}, а цифры хранилища — в {stored}. Суммы в разных "
        "валютах никогда не складываются: укажите курс (1 {currency} = сколько {stored}) на "
        "странице «Загрузка и данные» или через --rate в командной строке. Ничего не "
        "импортировано."),
    "busy.in_use": (
        "Хранилище {path} занято другой программой (приложением или другим импортом). Ничего "
        "не изменено. Закройте её или укажите другой --db и попробуйте снова."),
    "busy.writing": (
        "Хранилище занято сохранением других изменений (другой загрузки или резервной копии). "
        "Ничего не изменено: попробуйте через минуту."),
    "busy.conflict": (
        "Хранилище несколько раз подряд одновременно изменял кто-то другой. Ничего не "
        "изменено: попробуйте через минуту."),
    "busy.in_use_by": (
        "Хранилище {path} занято другой программой: процесс {pid} ({program}). Ничего не "
        "изменено. Дождитесь её завершения или остановите её и повторите попытку."),
    "busy.holder_gone": (
        "Дашборд, который держит {path} (процесс {pid}), остановился во время выполнения этой "
        "команды. Запись сохраняется целиком или не сохраняется вовсе: прежде чем запускать "
        "команду снова, проверьте историю импорта."),
    "busy.holder_silent": (
        "Дашборд, который держит {path} (процесс {pid}), не выполнил эту команду за {seconds} с."
        " Прежде чем запускать её снова, посмотрите историю импорта в дашборде."),
    "busy.handed_over": (
        "Хранилище {path} держит дашборд (процесс {pid}): команда выполняется через него."),
    "backup.server_store": (
        "{db} — хранилище PostgreSQL: его резервные копии делает сервер (pg_dump, "
        "восстановление на момент времени), а не KAM Analytics. Создавайте и восстанавливайте "
        "копии средствами сервера."),
    "backup.none": (
        "Копий всего файла {db} пока нет: копия делается перед импортом не чаще раза в сутки."),
    "backup.listing": (
        "Копии всего файла {db} (в {folder}, сначала новые; перед импортом не чаще раза в сутки,"
        " хранятся последние {keep}). Поставить копию на место хранилища, остановив дашборд: "
        "python -m kam_analytics restore-backup ID"),
    "backup.col_id": "Копия",
    "backup.col_taken": "Сделана",
    "backup.col_size": "Размер",
    "backup.size_b": "{size:.0f} Б",
    "backup.size_kb": "{size:.1f} КБ",
    "backup.size_mb": "{size:.1f} МБ",
    "backup.size_gb": "{size:.1f} ГБ",
    "backup.col_imports": "Импорты",
    "backup.col_last_import": "Последний импорт",
    "backup.col_interactions": "Действующие взаимодействия",
    "backup.col_state": "Можно восстановить",
    "backup.restorable": "да",
    "backup.not_restorable": "нет: {why}",
    "backup.damaged": "повреждена",
    "backup.too_new": "из более новой версии",
    "backup.foreign": "не хранилище KAM Analytics",
    "backup.refused": "Копию №{id} нельзя восстановить ({why}). Ничего не изменено.",
    "backup.unknown": (
        "Резервной копии №{id} для {db} нет. Список копий: python -m kam_analytics backups"),
    "backup.restored": (
        "Копия №{id} восстановлена (сделана {taken}: импортов — {imports}, действующих "
        "взаимодействий — {interactions}) в {db}. Заменённое состояние — копия №{previous}."),
    "backup.ui_title": "Точки восстановления",
    "backup.ui_help": (
        "Перед каждым импортом хранилище отмечает, какие импорты действуют (хранятся последние "
        "{keep} отметок). Возврат к отметке отменяет все импорты и возвраты после неё; сам "
        "возврат тоже отмечается, так что его можно отменить (из командной строки: `python -m "
        "kam_analytics restore-point ID`)."),
    # ---- board pack -------------------------------------------------------------------------
    "nav.board_pack": "Пакет для правления",
    "render.subtitle": "{quarter} · {filters}",
    "render.source": "Источник: {files}, импорт от {date}",
    "render.download_png": "PNG",
    "render.download_svg": "SVG",
    "render.download_help": (
        "Скачать этот график как изображение {format} для слайда: с заголовком, кварталом, "
        "фильтрами и источником. Рисуется по щелчку."),
    "render.no_browser": (
        "Для изображений графиков нужен Chromium, он не найден ({detail}). Установите его: "
        "sudo apt-get install chromium (или задайте BROWSER_PATH — путь к Chrome или "
        "Chromium). Всё остальное работает и без него."),
    "render.start_timeout": (
        "Программа отрисовки графиков (Chromium в {path}) не запустилась за {seconds} с, "
        "изображение не сделано. Проверьте, что она запускается: {path} --headless --version"),
    "render.image_timeout": (
        "Изображение графика рисовалось дольше {seconds} с и было остановлено; ничего не "
        "выгружено."),
    "render.failed": (
        "Программа отрисовки графиков (Chromium) дала сбой, изображение не сделано: {detail}"),
    "render.bad_image": (
        "Программа отрисовки вернула непригодное изображение {format} ({size} байт для {width} "
        "× {height} пикс.), ничего не выгружено."),
    "anon.client": "Клиент {letters}",
    "anon.manager": "Менеджер {letters}",
    "anon.other": "[клиент]",
    "anon.file": "импорт №{id}",
    "anon.kind_client": "клиент",
    "anon.kind_manager": "менеджер",
    "anon.col_kind": "Тип",
    "anon.col_alias": "Псевдоним",
    "anon.col_name": "Настоящее имя",
    "pack.scope_all": "Все клиенты ({n:,})",
    "pack.scope_top": "Крупнейшие клиенты по полным затратам: {n:,}",
    "pack.scope_selection": "Выбранные клиенты: {n:,}",
    "pack.none": "нет",
    "pack.error_no_data": "Данных пока нет: сначала импортируйте квартал.",
    "pack.error_quarter": "Нет данных за {quarter}. Кварталы с данными: {known}.",
    "pack.error_clients": "Клиента {names} в {quarter} нет. Проверьте написание.",
    "pack.error_no_clients": "Выберите хотя бы одного клиента.",
    "pack.error_top": "Число крупнейших клиентов должно быть не меньше 1.",
    "pack.error_move_overlap": (
        "Перераспределение бюджета забирает деньги у того же квадранта, которому их отдаёт: "
        "выберите разные квадранты."),
    "pack.error_elasticity": (
        "Эластичность {value} вне диапазона 0–1: 0 значит, что ценность не меняется с "
        "затратами, 1 — что меняется пропорционально."),
    "pack.error_move_share": (
        "Перераспределение переносит {share} затрат: выберите долю от 0 % до 100 %."),
    "deck.cover_title": "Отношения с ключевыми клиентами: затраты и ценность",
    "deck.cover_subtitle": "{quarter} · {scope}",
    "deck.prepared": "Подготовлено {date} в KAM Analytics",
    "deck.anonymised": (
        "Обезличено: названия клиентов и имена менеджеров заменены псевдонимами (Клиент A — с "
        "наибольшими затратами)."),
    "deck.doc_title": "Пакет для правления, {quarter}",
    "deck.alt": "График: {title}",
    "deck.part": "{title} ({n} из {of})",
    "deck.thresholds": (
        "Границы квадрантов: затраты {cost}, ценность {value} (медианы портфеля)."),
    "deck.notes_scope": "{scope}, {quarter}.",
    "deck.notes_totals": (
        "Полные затраты {total}: потрачено денег {money} плюс время менеджеров {time} "
        "({hours} ч по {rate} за час)."),
    "deck.notes_value": (
        "Средняя ценность по оценкам клиентов: {value} из 5. Затраты в ячейках с избыточными "
        "вложениями: {over} ({share} полных затрат)."),
    "deck.heatmap_title": "Куда уходят деньги: клиенты и методы",
    "deck.heatmap_subtitle": (
        "Квадрант каждого клиента и метода; клиенты по полным затратам, от наибольших. "
        "{threshold}"),
    "deck.heatmap_capped": "Показаны {n} крупнейших из {total} клиентов.",
    "deck.notes_heatmap": (
        "По каждому клиенту: полные затраты, методы, ячейки с избыточными вложениями и "
        "эффективные."),
    "deck.notes_heatmap_client": (
        "{client}: {total}; методов: {methods}; избыточных: {over} ({over_cost}); "
        "эффективных: {efficient}."),
    "deck.quadrant_title": "Затраты и ценность: все клиенты и методы",
    "deck.quadrant_subtitle": "Ячеек «клиент × метод»: {n}, клиентов: {clients}.",
    "deck.notes_quadrant": (
        "Ячейки по квадрантам, их полные затраты и доля в затратах. {threshold}"),
    "deck.notes_quadrant_line": "{quadrant}: ячеек — {n}, {cost} ({share}).",
    "deck.top_title": "Где сократить и что сохранить",
    "deck.top_over": "Самые избыточные: {n} самых дорогих ячеек, которые клиенты ценят мало",
    "deck.top_efficient": "Самые эффективные: {n} ячеек с наибольшей ценностью на 1000 затрат",
    "deck.health_title": "Здоровье отношений: нарушенные правила, {quarter}",
    "deck.health_summary": (
        "Клиентов: в красной зоне — {red}, в жёлтой — {amber}, в зелёной — {green}, не "
        "измерено — {unmeasured} (по худшему показателю клиента)"),
    "deck.health_red": "Клиенты в красной зоне: {n}, сначала худшие",
    "deck.health_red.one": "Клиенты в красной зоне: {n}",
    "deck.health_red.few": "Клиенты в красной зоне: {n}, сначала худшие",
    "deck.health_red.many": "Клиенты в красной зоне: {n}, сначала худшие",
    "deck.health_open": "Открытые проблемы и просроченные поставки: {n}, сначала самые давние",
    "deck.health_open.one": "Открытые проблемы и просроченные поставки: {n}",
    "deck.health_open.few": "Открытые проблемы и просроченные поставки: {n}, сначала самые давние",
    "deck.health_open.many": (
        "Открытые проблемы и просроченные поставки: {n}, сначала самые давние"),
    "deck.notes_health": "{client} · {measure}: {value} · {status} · {rule}",
    "deck.change_title": "Что изменилось с {quarter}",
    "deck.change_summary": (
        "Полные затраты {cost} ({change} с {quarter}) · средняя ценность {value} (была "
        "{value_before}) · ячеек сменило квадрант: {moved} · клиентов новых: {new}, ушедших: "
        "{gone}"),
    "deck.moved_into": "Перешли в избыточные вложения: {n} самых дорогих",
    "deck.moved_out": "Вышли из избыточных вложений: {n} самых дорогих",
    "deck.whatif_title": "Перераспределение бюджета: {share} из «{cut}» в «{grow}»",
    "deck.whatif_summary": (
        "Переносится {money}: ячеек сокращается — {cut}, наращивается — {grow} · ценность, "
        "взвешенная по затратам: {value} → {value_after}."),
    "deck.whatif_estimate": "Оценка по модели, описанной в заметках, а не прогноз.",
    "deck.col_per_1000_moved": "На 1000 перенесённых",
    "deck.whatif_grow": "Нарастить в первую очередь: {n} с наибольшим приростом ценности на 1000",
    "deck.whatif_cut": "Сократить в первую очередь: {n} с наименьшей потерей ценности на 1000",
    "deck.col_cost_in": "{quarter} ({currency})",
    "deck.col_before": "Раньше",
    "deck.col_now": "Сейчас",
    "deck.col_change": "Изменение",
    "deck.none_in_quadrant": "Ячеек в квадранте «{quadrant}» нет.",
    "deck.col_share": "% клиента",
    "deck.notes_cell": (
        "{client} × {method}: всего {cost} (деньги {money}, {hours} ч), ценность {value}, "
        "ценность на 1000 — {per1000}, {share} затрат на клиента."),
    "deck.mix_title": "Набор стратегий: затраты на каждого клиента по стратегиям",
    "deck.mix_subtitle": (
        "Полные затраты (деньги плюс время менеджеров), от самого крупного клиента."),
    "deck.notes_mix": "По каждому клиенту: полные затраты и их разбивка по стратегиям.",
    "deck.notes_mix_part": "{strategy} {share}",
    "deck.notes_mix_client": "{client}: {total} — {parts}.",
    "deck.economics_title": "Экономика клиентов: кривая «кита»",
    "deck.economics_subtitle": (
        "Накопленная прибыль после затрат на отношения, от самого прибыльного клиента. Маржа "
        "за квартал — годовая валовая маржа ÷ 4; затраты на отношения — деньги плюс время "
        "менеджеров."),
    "deck.notes_economics": (
        "Затраты на отношения с каждым клиентом за {quarter} (затраты + часы × {rate}) "
        "против четверти его годовой валовой маржи (годовая ÷ 4); прибыль после затрат на "
        "отношения — разница. Пик {peak} на {rank}-м из {n} клиентов; по всем: {total}."),
    "deck.notes_economics_client": (
        "{rank}. {client}: маржа {margin}{assumed}, затраты на отношения {cost} ({share} "
        "маржи), прибыль после затрат {profit}."),
    "deck.notes_assumed": " (принята)",
    "deck.notes_no_margin": "Без маржи, не вошли в кривую ({n}): {names}.",
    "deck.client_title": "{client}: затраты и ценность",
    "deck.fact_money_time": "Деньги и время менеджеров",
    "deck.fact_split": "{money} + {time}",
    "deck.fact_segment": "Сегмент",
    "deck.notes_client": "{client}, по методам: полные затраты, часы, ценность, квадрант.",
    "deck.notes_client_line": "{method}: {cost}, {hours} ч, ценность {value}, {quadrant}.",
    "deck.appendix_title": "Приложение: 26 методов и их стратегии",
    "deck.appendix_subtitle": "Структура, по которой построены все графики этого пакета.",
    "deck.notes_appendix": "Пять стратегий и их цели:",
    "report.doc_title": "Отчёт для правления, {quarter}",
    "report.title": "Отчёт KAM Analytics для правления, {quarter}",
    "report.sheet_about": "Об отчёте",
    "report.sheet_matrix": "Матрица",
    "report.sheet_clients": "Клиенты",
    "report.sheet_methods": "Методы",
    "report.sheet_changes": "Что изменилось",
    "report.sheet_whatif": "Перераспределение",
    "report.about_whatif": "Перераспределение бюджета",
    "report.sheet_economics": "Экономика клиентов",
    "report.sheet_health": "Здоровье отношений",
    "report.col_health_value": "Значение (число)",
    "report.col_health_n": "Учтено случаев",
    "report.about_quarter": "Квартал",
    "report.about_scope": "Клиенты",
    "report.about_prepared": "Подготовлено",
    "report.about_rate": "Стоимость часа менеджеров",
    "report.about_thresholds": "Квадранты",
    "report.about_source": "Данные",
    "report.about_sheets": "Листы",
    "report.about_sheets_text": (
        "Матрица: все ячейки «клиент × метод». Клиенты: по строке на клиента, от наибольших "
        "затрат. Методы: по строке на метод по этим клиентам. Что изменилось (если есть "
        "предыдущий квартал): каждая ячейка против того квартала. Перераспределение (если "
        "запрошено): затронутые ячейки по порядку."),
    "report.about_anonymised": "Обезличено",
    "report.col_segment": "Сегмент",
    "report.col_time_cost": "Стоимость времени ({currency})",
    "report.col_value_source": "Источник ценности",
    "report.col_share": "Доля в затратах на клиента",
    "report.col_overinvested_methods": "Методы с избыточными вложениями",
    "report.col_annual_revenue": "Годовая выручка ({currency})",
    "report.col_annual_margin": "Годовая валовая маржа ({currency})",
    "report.col_margin_source": "Маржа",
    "report.col_period_margin": "Маржа за квартал ({currency}, годовая ÷ 4)",
    "report.col_strategy_cost": "{strategy}, затраты ({currency})",
    "report.col_cost_share": "Затраты на отношения, доля маржи",
    "report.source_ratings": "оценки взаимодействий",
    "report.source_valuation": "оценка клиента",
    "report.pdf_missing": (
        "Для PDF нужен LibreOffice, а на этом сервере он не установлен "
        "(apt-get install libreoffice-impress-nogui)."),
    "report.pdf_timeout": "LibreOffice преобразовывал презентацию дольше {seconds} с.",
    "report.pdf_failed": "LibreOffice не смог преобразовать презентацию: {detail}",
    # ---- valuation survey (exports/survey.py): sent to the client -------------------------
    "survey.doc_title": "Опрос о ценности",
    "survey.sheet": "Опрос",
    "survey.file": "опрос_о_ценности",
    "survey.title": "Насколько вы цените нашу работу с вами? {client}, {quarter}",
    "survey.how_1": (
        "Ниже перечислено, как мы работали с вами за {quarter}. Для каждого пункта, "
        "пожалуйста, выберите в столбце «Ценность», насколько он был для вас ценен: {low} — "
        "мало ценен, {high} — очень ценен."),
    "survey.how_2": (
        "Уже заполненная оценка — та, что у нас записана: измените её, если она больше не "
        "верна. Оставьте оценку пустой, если затрудняетесь ответить; при желании добавьте "
        "комментарий."),
    "survey.how_3": (
        "Пожалуйста, не меняйте остальные столбцы и верните файл нам. Спасибо."),
    "survey.col_client": "Клиент",
    "survey.col_quarter": "Квартал",
    "survey.col_method": "Метод",
    "survey.col_value": "Ценность ({low}–{high})",
    "survey.col_comment": "Комментарий",
    "survey.invalid_title": "Оценка от 1 до 5",
    "survey.invalid": "Пожалуйста, выберите целое число от {low} до {high}.",
    "bp.title": "Пакет для правления",
    "bp.intro": (
        "Выберите квартал, клиентов и разделы и скачайте презентацию 16:9, отчёт Excel или "
        "PDF: все графики нарисованы за вас, цифры — в заметках докладчика."),
    "bp.quarter": "Квартал",
    "bp.scope": "Клиенты",
    "bp.scope.all": "Все клиенты",
    "bp.scope.top": "Крупнейшие по полным затратам",
    "bp.scope.selection": "Выбранные клиенты",
    "bp.top": "Сколько крупнейших клиентов",
    "bp.pick": "Клиенты",
    "bp.pick_hint": "Выберите клиентов (сначала с наибольшими затратами)",
    "bp.client_slides": "Слайды по отдельным клиентам (сначала крупнейшие)",
    "bp.client_slides_help": (
        "По слайду на клиента: пузырьковая диаграмма и ключевые цифры."),
    "bp.sections": "Разделы",
    "bp.section.heatmap": "Тепловая карта портфеля (клиенты × методы)",
    "bp.section.quadrant": "Квадранты «затраты — ценность»",
    "bp.section.top_cells": "Самые избыточные и самые эффективные ячейки",
    "bp.section.changes": "Что изменилось с предыдущего квартала",
    "bp.section.whatif": "Перераспределение бюджета (со страницы)",
    "bp.whatif_as_set": (
        "Перераспределение бюджета: {share} затрат ячеек «{cut}» переносится в ячейки "
        "«{grow}», эластичность {elasticity}, как задано на странице «Перераспределение "
        "бюджета»."),
    "bp.section.health": "Здоровье отношений",
    "bp.section.strategy_mix": "Набор стратегий по клиентам",
    "bp.section.economics": "Экономика клиентов: кривая «кита»",
    "bp.section.clients": "По слайду на клиента",
    "bp.section.appendix": "Приложение: 26 методов",
    "bp.anonymise": "Скрыть имена клиентов и менеджеров",
    "bp.anonymise_help": (
        "Заменяет каждое название клиента и имя менеджера псевдонимом (Клиент A, Менеджер A, "
        "… по затратам) на всех слайдах, в заметках, рисунках и листах. Ключ псевдонимов "
        "скачивается отдельно."),
    "bp.summary": "Слайдов: {slides}; {scope}, {quarter}",
    "bp.no_previous": (
        "До {quarter} нет сохранённых кварталов: в пакете не будет слайда и листа «Что "
        "изменилось»."),
    "bp.no_margins": (
        "Ни у одного клиента пакета не сохранена маржа: в пакете не будет слайда и листа "
        "«Экономика клиентов» (добавьте столбец «Валовая маржа» на лист «Клиенты»)."),
    "bp.no_health": (
        "Слайда о здоровье отношений нет: во взаимодействиях за {quarter} нет типов событий, "
        "обещаний, времени, письменных подтверждений или ролей (см. столбцы здоровья в "
        "шаблоне)."),
    "bp.no_browser": (
        "{why} До тех пор презентацию и её PDF здесь сделать нельзя; отчёт Excel — можно."),
    "bp.download_deck": "Скачать презентацию (.pptx)",
    "bp.download_report": "Скачать отчёт Excel (.xlsx)",
    "bp.download_pdf": "Скачать презентацию в PDF",
    "bp.download_key": "Скачать ключ псевдонимов (.csv)",
    "bp.key_warning": (
        "В ключе псевдонимов названы все клиенты: храните его отдельно от презентации."),
    "bp.no_pdf": (
        "PDF здесь недоступен: на сервере нет LibreOffice. Откройте презентацию в PowerPoint "
        "или LibreOffice и экспортируйте её либо попросите установить "
        "libreoffice-impress-nogui."),
    "bp.building": "Файлы рисуются по щелчку; первый — несколько секунд.",
    "bp.clients_in_pack": "Клиенты в этом пакете ({n:,})",
    "bp.col_slide": "Свой слайд",
    "cli.compare_needs_quarter": (
        "Для --compare-to нужен --quarter: квартал, с которым сравнивать."),
    "cli.quadrant_thresholds": (
        "{quarter}, квадранты: высокие затраты — свыше {cost:,.2f}, высокая ценность — от "
        "{value:g}"),
    "cli.people_matrix_only": (
        "--header 'people' — только для самой матрицы: уберите --compare-to или возьмите "
        "столбцы с кодами."),
    "cli.bad_out": "--out {out}: имя файла должно оканчиваться на {suffix}.",
    "cli.no_folder": "--out: папки {folder} нет.",
    "cli.deck_what": "слайдов: {slides}",
    "cli.report_what": "отчёт Excel",
    "cli.anonymised": ", обезличено",
    "cli.wrote": "Записан {out}: {what}, {scope}, {quarter}{anonymised}.",
    "cli.wrote_key": (
        "Записан ключ псевдонимов {out}: в нём названы все клиенты, храните его отдельно."),
    "cli.wrote_pdf": "Записан {out}.",
    "cli.survey_wrote": "Записан опрос о ценности за {quarter}, клиентов: {n:,}: {out}.",
    "cli.survey_wrote.one": "Записан опрос о ценности за {quarter} для {n:,} клиента: {out}.",
    "cli.survey_wrote.few": "Записан опрос о ценности за {quarter} для {n:,} клиентов: {out}.",
    "cli.survey_wrote.many": "Записан опрос о ценности за {quarter} для {n:,} клиентов: {out}.",
    "cli.survey_no_quarter": "Нет данных за {quarter}. Кварталы с данными: {known}.",
    "cli.survey_no_client": (
        "У клиента {client} нет взаимодействий за {quarter}: проверьте написание (как на "
        "странице «Клиент»)."),
    "cli.survey_bad_out": "--out {out}: укажите папку, ФАЙЛ.zip или ФАЙЛ.xlsx.",
    "cli.no_pdf": "Презентация записана, PDF — нет: {reason}",
    # ---- the command line's own lines (cli.py, cli_exports.py) -----------------------------
    "cli.no_file": "{path}: такого файла нет",
    "cli.file_rejected": "Отклонено: {file}: {problem}. {fix}",
    "cli.bad_map": (
        "--map {pair}: запишите как 'ЗАГОЛОВОК=столбец', где столбец — одно из значений: "
        "{allowed}"),
    "cli.bad_map_method": "--map-method {pair}: запишите как 'НАДПИСЬ=МЕТОД'",
    "cli.map_method_unknown": (
        "--map-method {pair}: '{target}' — не один из 26 методов (укажите его код, например "
        "technical.staff_training, или название)"),
    "cli.bad_map_client": "--map-client {pair}: запишите как 'НАПИСАНИЕ=НАЗВАНИЕ'",
    "cli.bad_quarter": "--quarter: {problem}; укажите квартал в виде 2026Q3",
    "cli.import_rejected": "Отклонено: из {files} ничего не импортировано.",
    "cli.needs_decision": (
        "Данные за {quarters} уже есть в хранилище (импорт {ids}). Запустите ещё раз с "
        "--append, чтобы добавить этот файл к ним, или с --replace, чтобы заменить их "
        "(заменённые импорты можно восстановить)."),
    "cli.unchanged": (
        "Без изменений: эти файлы уже импортированы и прочитаны так же — импорт №{id}."),
    "cli.imported.one": (
        "Импорт №{id}: взаимодействий — {rows:,}, клиентов — {clients:,}, оценок — "
        "{valuations:,}, {quarters}{replaced}; {n} замечание."),
    "cli.imported.few": (
        "Импорт №{id}: взаимодействий — {rows:,}, клиентов — {clients:,}, оценок — "
        "{valuations:,}, {quarters}{replaced}; {n} замечания."),
    "cli.imported.many": (
        "Импорт №{id}: взаимодействий — {rows:,}, клиентов — {clients:,}, оценок — "
        "{valuations:,}, {quarters}{replaced}; {n} замечаний."),
    "cli.imported": (
        "Импорт №{id}: взаимодействий — {rows:,}, клиентов — {clients:,}, оценок — "
        "{valuations:,}, {quarters}{replaced}; замечаний: {n}."),
    "cli.imported_replaced": ", заменяет {ids}",
    "cli.import_ref": "№{id}",
    "cli.warning_line": "  замечание: {text}",
    "cli.no_import": "Импорта №{id} нет.",
    "cli.restored": "Импорт №{id} снова действует{set_aside}.",
    "cli.set_aside": "; отложено: {ids}",
    "cli.no_imports": "Импортов пока нет.",
    "cli.import_read": "№{id} прочитан: {line}",
    "cli.import_note": "№{id} замечание: {line}",
    "cli.kind_header": "столбец",
    "cli.kind_method": "метод",
    "cli.kind_client": "клиент",
    "cli.mapping_kind_unknown": "{kind}: тип — столбец, метод или клиент",
    "cli.no_such_mapping": (
        "Сохранённого сопоставления ({kind}) для {source} нет: см. python -m kam_analytics "
        "mappings"),
    "cli.mapping_removed": "Сохранённое сопоставление ({kind}) для {source} удалено.",
    "cli.no_mappings": "Сохранённых сопоставлений нет.",
    "cli.mapping_line": "{kind}\t{source}\t{target}\t{origin}",
    "cli.origin_settings": "задано в настройках, {when}",
    "cli.no_data_yet": "Данных пока нет: сначала импортируйте файл.",
    "cli.health_quarter": "{quarter}: {note}",
    "cli.health_col_client": "клиент",
    "cli.health_col_measure": "показатель",
    "cli.health_col_value": "значение",
    "cli.health_col_status": "статус",
    "cli.health_col_rule": "правило",
    "cli.no_store": "Хранилища {db} нет.",
    "cli.no_store_yet": "Хранилища {db} пока нет: сначала импортируйте файл.",
    # ---- charts (owned by charts.py) -------------------------------------------------------
    "chart.no_data": "Для этого выбора нет данных",
    "chart.client": "Клиент",
    "chart.method": "Метод",
    "chart.strategy": "Стратегия",
    "chart.amount": "{number} {currency}",
    "chart.with_unit": "{label} ({unit})",
    "chart.mean_value": "Средняя ценность (1–5)",
    "chart.overinvested_clients": "Клиенты с избыточными вложениями",
    "chart.bubble_note": (
        "Размер пузырька — часы менеджеров. Пустые кружки в серой полосе — методы, которые "
        "клиент не оценил."),
    "chart.threshold_note": "Пунктир: граница затрат {cost}, граница ценности {value}.",
    "chart.log_scale": "{label}, логарифмическая шкала",
    # ---- robustness (readers, sandbox, ingest's checks on bad input) ------------------------
    "sandbox.crashed": (
        "файл не удалось безопасно прочитать: программа чтения аварийно завершилась"),
    "sandbox.memory": (
        "файл не удалось безопасно прочитать: для чтения нужно больше {mb:,} МБ"),
    "sandbox.timeout": (
        "файл не удалось безопасно прочитать: чтение заняло больше {seconds:.0f} с"),
    "sandbox.failed": "файл не удалось прочитать ({error})",
    "sandbox.fix.resave": (
        "откройте его в Excel (или LibreOffice), снова сохраните как .xlsx и загрузите."),
    "sandbox.fix.big": (
        "если он очень большой, разделите его (например, по файлу на квартал); иначе откройте "
        "его в Excel, снова сохраните как .xlsx и загрузите."),
    "why.not_a_number": "не число",
    "why.percent": "процент, а не сумма: укажите саму сумму",
    "why.non_finite": "не конечное число",
    "why.bool": "ИСТИНА/ЛОЖЬ — не число",
    "why.date_not_number": "дата или время, а не число",
    "why.clock": "время (ч:мм), а не число: запишите часы числом, например 1,5",
    "why.not_a_date": "не дата",
    "why.no_such_date": "такой даты нет",
    "why.number_not_date": "число, а не дата",
    "why.not_serial": "число, но не дата Excel (ожидается {first}..{last})",
    "why.time_not_date": "время или длительность, а не дата",
    "why.year": "год вне диапазона ({earliest}..{latest})",
    "values.decimal_comma": "числа прочитаны с десятичной запятой",
    "values.decimal_dot": "числа прочитаны с десятичной точкой",
    "values.decimal_comma_locale": (
        "числа прочитаны с десятичной запятой, как подсказывают региональные настройки файла"),
    "values.decimal_dot_locale": (
        "числа прочитаны с десятичной точкой, как подсказывают региональные настройки файла"),
    "values.read_as": "({text} прочитано как {value})",
    "values.day_first": "даты прочитаны как день/месяц/год",
    "values.month_first": "даты прочитаны как месяц/день/год",
    "values.serials": "числа прочитаны как порядковые даты Excel",
    "values.zone_not_converted": (
        "время прочитано как записано, по местному времени: указанные после него часовые "
        "пояса не пересчитываются"),
    "values.mixed_decimals": (
        "разные десятичные разделители: в {comma} десятичная запятая, а в {dot} — точка"),
    "values.mixed_decimals.fix": "используйте один формат чисел во всём столбце, например 1234,50",
    "values.ambiguous_number": "неоднозначно: {text} может быть {a} или {b}",
    "values.ambiguous_number.fix": (
        "пишите числа без разделителей тысяч или с двумя знаками после запятой"),
    "values.mixed_currencies": "суммы в разных валютах ({currencies}) нельзя складывать",
    "values.mixed_currencies.fix": "перед загрузкой пересчитайте все суммы в одну валюту",
    "values.ambiguous_date": "неясен порядок дня и месяца: {text} может быть {a} или {b}",
    "values.ambiguous_date.fix": "используйте дд.мм.гггг (03.07.2026) или гггг-мм-дд (2026-07-03)",
    "values.mixed_day_month": (
        "разный порядок дня и месяца: в {day_first} сначала день, а в {month_first} — месяц"),
    "values.mixed_day_month.fix": (
        "используйте один порядок во всём столбце, лучше дд.мм.гггг или гггг-мм-дд"),
    "read.not_spreadsheet": "это {what}, а не таблица",
    "read.empty": "файл пуст",
    "read.all_empty": "все листы книги пусты",
    "read.damaged": "файл повреждён или неполон ({error})",
    "read.unpacks": (
        "файл распаковывается в {unpacked:,.0f} МБ или больше из {packed:,.1f} МБ — это не "
        "обычная таблица"),
    "read.dtd": (
        "часть «{part}» объявляет XML-сущности (DOCTYPE), которые Excel никогда не пишет и "
        "которые могут использоваться для атаки на программу чтения, поэтому файл не прочитан"),
    "read.too_far": "на листе есть ячейки вплоть до {far} — слишком большая сетка для загрузки",
    "read.password": "книга защищена паролем",
    "read.unreadable": "похоже на {kind}, но не читается ({error})",
    "read.sheet_unreadable": "лист «{sheet}» не читается ({error})",
    "read.line_too_long": (
        "строка {line} длиной {length:,} байт — длиннее любой строки таблицы (не больше {limit:,} "
        "байт): это не таблица, сохранённая как текст"),
    "read.nul": (
        "строка {line} содержит двоичные данные (байт NUL): это не простой файл CSV или текст"),
    "read.bad_bom": "файл указывает, что он в {encoding}, но это не так",
    "read.too_many_cells": (
        "около {rows:,} строк × {columns:,} столбцов — больше, чем можно прочитать за раз "
        "({limit:,} ячеек)"),
    "read.open_quote": (
        "в строке {line} открыта кавычка (\"), которая нигде не закрыта, и весь остаток файла "
        "стал бы одной ячейкой"),
    "read.not_csv": "не читается как CSV ({error})",
    "read.fix.save_as_xlsx": (
        "откройте его в Excel (или LibreOffice), сохраните как .xlsx и загрузите."),
    "read.fix.upload_spreadsheet": "загрузите саму таблицу (.xlsx, .xls, .ods или .csv).",
    "read.fix.choose_file": "проверьте, что выбран нужный файл.",
    "read.fix.unzip": "распакуйте архив и загрузите таблицу из него.",
    "read.fix.damaged": (
        "загрузите его снова или откройте в Excel (или LibreOffice), сохраните как .xlsx и "
        "загрузите."),
    "read.fix.dtd": (
        "если это настоящая выгрузка, откройте её в Excel (или LibreOffice), сохраните как "
        ".xlsx и загрузите."),
    "read.fix.too_far": (
        "удалите пустые строки и столбцы за пределами данных (Ctrl+End показывает, где, по "
        "мнению Excel, кончается лист), сохраните и загрузите снова."),
    "read.fix.password": (
        "откройте книгу в Excel, снимите пароль (Файл → Сведения → Защита книги) или "
        "сохраните незащищённую копию и загрузите её."),
    "read.fix.nul": "выгрузите данные в CSV или .xlsx.",
    "read.fix.line_too_long": (
        "проверьте, что выбран нужный файл; если это ваша таблица, откройте её в Excel (или "
        "LibreOffice), проверьте, что каждая строка на своей строке, и сохраните как .xlsx."),
    "read.fix.utf8": "сохраните его снова как CSV UTF-8.",
    "read.fix.too_many_cells": (
        "разделите файл, например по файлу на квартал, или удалите ненужные столбцы."),
    "read.fix.open_quote": "закройте или удалите эту кавычку и снова сохраните файл.",
    "kind.pdf": "документ PDF",
    "kind.png": "изображение PNG",
    "kind.jpeg": "изображение JPEG",
    "kind.gif": "изображение GIF",
    "kind.gzip": "архив gzip",
    "kind.rar": "архив RAR",
    "kind.7z": "архив 7-Zip",
    "kind.rtf": "документ RTF",
    "kind.excel_xml": "таблица Excel 2003 XML",
    "kind.html": "веб-страница (HTML), сохранённая под именем таблицы",
    "kind.xml": "файл XML",
    "kind.text_document": "текстовый документ (Word/Writer)",
    "kind.presentation": "презентация (PowerPoint/Impress)",
    "kind.zip": "архив zip (в нём {members})",
    "kind.word": "документ Word",
    "kind.powerpoint": "презентация PowerPoint",
    "kind.other_office": "файл Office другого типа (книги в нём нет)",
    "kind.xlsx": "книга Excel (.xlsx)",
    "kind.xlsb": "двоичная книга Excel (.xlsb)",
    "kind.ods": "таблица OpenDocument (.ods)",
    "kind.xls": "книга Excel 97–2003 (.xls)",
    "problem.too_big": "файл размером {mb:,.1f} МБ, больше предела {limit:,} МБ на файл",
    "fix.too_big": (
        "разделите его на файлы поменьше (например, по кварталу) и загрузите вместе или "
        "сохраните как .xlsx — он меньше, чем CSV."),
    "problem.no_rows_under": "под заголовком (строка {row}) нет строк с данными",
    "problem.uncalculated": (
        "ячейки с формулами без вычисленного значения (файл записан программой, которая не "
        "вычисляет формулы): {cells}"),
    "fix.uncalculated": (
        "откройте и сохраните файл в Excel, чтобы формулы вычислились; если в ячейке должен "
        "быть текст, начинающийся с =, поставьте перед ним апостроф ('=...) или уберите =."),
    "problem.merged": "ячейки объединены на несколько строк: {ranges}",
    "fix.merged": (
        "отмените объединение (Главная → Объединить и поместить в центре) и заполните каждую "
        "строку."),
    "problem.too_long": "длиннее {limit:,} символов: {example}",
    "problem.too_long_example": "«{text}…» (символов: {n:,})",
    "problem.examples": "{what}: {examples}",
    "fix.too_long": (
        "сократите названия; такая длинная ячейка обычно значит, что кавычка (\") не закрыта "
        "и несколько строк слились."),
    "warn.hidden_rows": (
        "строки, скрытые в Excel, тоже импортированы; удалите их из файла (или отфильтруйте), "
        "если они не должны учитываться"),
    "warn.title_rows": "строки над строкой заголовков {row} не импортированы (заголовок)",
    "warn.quarters": (
        "даты охватывают кварталов: {n} ({quarters}); каждый сохранён как отдельный квартал"),
    "warn.currency": "{column}: знаки валют удалены ({currencies}); суммы прочитаны как числа",
    "warn.currency_converted": (
        "суммы пересчитаны из {currency} в {stored} по указанному курсу: 1 {currency} = "
        "{rate:,} {stored}"),
    "warn.encoding": (
        "файл прочитан как текст в {encoding}; если буквы выглядят неправильно, сохраните "
        "его как CSV UTF-8"),
    "warn.mixed_encoding": (
        "файл в UTF-8, но строк в другой кодировке: {n:,}; каждая прочитана как {encoding}, "
        "проверьте названия в них"),
    "warn.mixed_encoding.one": (
        "файл в UTF-8, но {n:,} строка в другой кодировке; она прочитана как {encoding}, "
        "проверьте названия в ней"),
    "warn.mixed_encoding.few": (
        "файл в UTF-8, но {n:,} строки в другой кодировке; каждая прочитана как {encoding}, "
        "проверьте названия в них"),
    "warn.mixed_encoding.many": (
        "файл в UTF-8, но {n:,} строк в другой кодировке; каждая прочитана как {encoding}, "
        "проверьте названия в них"),
    "fix.mixed_encoding": "сохраните весь файл как CSV UTF-8 и импортируйте снова",
    "warn.macros": "в книге есть макросы; они не запускались — значения прочитаны как сохранены",
    "warn.formula_text": (
        "{column}: текст, начинающийся с =, +, - или @, похож на формулу; сохранён как текст"),
    "warn.markup_text": (
        "{column}: текст, похожий на HTML, скрипт или Markdown, сохранён как простой текст"),
    "warn.more_columns": "и ещё {n:,}",
    "warn.amount_decimals": (
        "{column}: сумм с более чем {places} знаками после запятой: {n:,}; они сохранены "
        "округлёнными до {places} (первая: {example} сохранена как {stored})"),
    "warn.amount_decimals.one": (
        "{column}: {n:,} сумма с более чем {places} знаками после запятой сохранена округлённой "
        "до {places} ({example} сохранена как {stored})"),
    "warn.amount_decimals.few": (
        "{column}: {n:,} суммы с более чем {places} знаками после запятой сохранены "
        "округлёнными до {places} (первая: {example} сохранена как {stored})"),
    "warn.amount_decimals.many": (
        "{column}: {n:,} сумм с более чем {places} знаками после запятой сохранены "
        "округлёнными до {places} (первая: {example} сохранена как {stored})"),
    "warn.scaled_amounts": (
        "«{header}»: суммы в {unit}, умножены на {factor:,}"),
    "problem.two_units": (
        "«{header}» называет и тысячи, и миллионы: непонятно, в чём указаны суммы"),
    "fix.two_units": (
        "оставьте в заголовке одну единицу (например, «Затраты, тыс. руб.») и загрузите снова"),
    "text.thousands": "тысячах",
    "text.millions": "миллионах",
    "where.row_value": "строка {row}: {value}",
    "warn.negative_margin": (
        "у клиентов ({n:,}) отрицательная маржа (продажи ниже себестоимости): оставлена как "
        "указана, они убыточны ещё до затрат на отношения"),
    "warn.negative_margin.one": (
        "у {n:,} клиента отрицательная маржа (продажи ниже себестоимости): оставлена как "
        "указана, он убыточен ещё до затрат на отношения"),
    "warn.negative_margin.few": (
        "у {n:,} клиентов отрицательная маржа (продажи ниже себестоимости): оставлена как "
        "указана, они убыточны ещё до затрат на отношения"),
    "warn.negative_margin.many": (
        "у {n:,} клиентов отрицательная маржа (продажи ниже себестоимости): оставлена как "
        "указана, они убыточны ещё до затрат на отношения"),
    "warn.no_margin": (
        "у клиентов ({n:,}) нет маржи: «Экономика клиентов» покажет их как клиентов без маржи и "
        "не включит в кривую «кита» (введите их маржу, чтобы включить)"),
    "warn.no_margin.one": (
        "у {n:,} клиента нет маржи: «Экономика клиентов» покажет его как клиента без маржи и "
        "не включит в кривую «кита» (введите его маржу, чтобы включить)"),
    "warn.no_margin.few": (
        "у {n:,} клиентов нет маржи: «Экономика клиентов» покажет их как клиентов без маржи и "
        "не включит в кривую «кита» (введите их маржу, чтобы включить)"),
    "warn.no_margin.many": (
        "у {n:,} клиентов нет маржи: «Экономика клиентов» покажет их как клиентов без маржи и "
        "не включит в кривую «кита» (введите их маржу, чтобы включить)"),
    "warn.outlying_amounts": (
        "{column}: сумм больше медианы столбца ({median}) более чем в {factor:,} раз: {n:,}; "
        "{examples}"),
    "warn.outlying_amounts.one": (
        "{column}: {n:,} сумма больше медианы столбца ({median}) более чем в {factor:,} раз: "
        "{examples}"),
    "warn.outlying_amounts.few": (
        "{column}: {n:,} суммы больше медианы столбца ({median}) более чем в {factor:,} раз: "
        "{examples}"),
    "warn.outlying_amounts.many": (
        "{column}: {n:,} сумм больше медианы столбца ({median}) более чем в {factor:,} раз: "
        "{examples}"),
    "fix.outlying_amounts": (
        "проверьте десятичный разделитель и единицы этих сумм (тысячи? копейки?) и исправьте "
        "файл, если они неверны"),
    "warn.hours_look_like_minutes": (
        "{column} похож на минуты, а не часы: {share} значений кратны 5, а их медиана — "
        "{median}"),
    "warn.hours_over_day": (
        "{column}: взаимодействий дольше {hours} ч: {n:,}; {examples}"),
    "warn.hours_over_day.one": (
        "{column}: {n:,} взаимодействие длится дольше {hours} ч: {examples}"),
    "warn.hours_over_day.few": (
        "{column}: {n:,} взаимодействия длятся дольше {hours} ч: {examples}"),
    "warn.hours_over_day.many": (
        "{column}: {n:,} взаимодействий длятся дольше {hours} ч: {examples}"),
    "fix.minutes_over_day": "проверьте эти длительности: столбец читается как минуты",
    "fix.hours_as_minutes": (
        "если в столбце минуты, сопоставьте его с «Время в минутах» (в командной строке: "
        "--map '{header}=hours_minutes') и импортируйте снова; иначе исправьте часы"),
    "warn.blank_as_default": "{column}: пустых ячеек прочитано как {default}: {n:,}",
    "warn.blank_as_default.one": "{column}: {n:,} пустая ячейка прочитана как {default}",
    "warn.blank_as_default.few": "{column}: {n:,} пустые ячейки прочитаны как {default}",
    "warn.blank_as_default.many": "{column}: {n:,} пустых ячеек прочитаны как {default}",
    "where.quarter_rows": "{quarter} (строк: {n:,})",
    "encoding.cp1251": "Windows-1251 (кириллица)",
    "encoding.cp1252": "Windows-1252 (западноевропейская)",
    "encoding.latin1": "Latin-1 (западноевропейская)",
    "encoding.utf16": "UTF-16 («Текст в Юникоде» Excel)",
    "encoding.utf32": "UTF-32",
    "restore_point.none": (
        "В {db} пока нет точек восстановления: точка создаётся перед каждым импортом."),
    "restore_point.listing": (
        "Точки восстановления {db} (сначала новые; хранятся последние {keep}): каждая — импорты,"
        " действовавшие до изменения. Вернуть точку: python -m kam_analytics restore-point ID "
        "(работает и при запущенном дашборде)"),
    "restore_point.col_id": "Точка восстановления",
    "restore_point.col_taken": "Создана",
    "restore_point.col_before": "Перед",
    "restore_point.before_import": "импортом №{id}",
    "restore_point.before_restore_import": "возвратом импорта №{id} в действие",
    "restore_point.before_restore_point": "возвратом точки №{id}",
    "restore_point.unknown": (
        "В {db} нет точки восстановления №{id}. Список точек: python -m kam_analytics backups"),
    "restore_point.restored": (
        "Точка восстановления №{id} возвращена: действуют импорты, которые действовали до неё. "
        "Импорты, сделанные после, остаются в истории и отложены (вернуть импорт в действие: "
        "python -m kam_analytics restore с номером импорта). Заменённое состояние — точка "
        "восстановления №{previous}."),
    "restore_point.ui_pick": "Вернуть импорты, действовавшие в точке восстановления",
    "restore_point.ui_button": "Вернуть",
    "restore_point.ui_restored": (
        "Точка восстановления №{id} возвращена: действуют импорты, которые действовали до неё; "
        "импорты, сделанные после, отложены и перечислены выше. Заменённое состояние — точка "
        "восстановления №{previous}."),
    "copy.target_not_empty": (
        "В {target} уже есть данные ({tables}): copy-store заполняет только пустое хранилище, "
        "поэтому ничего не скопировано. Укажите в --to новую базу или файл либо сначала очистите "
        "это хранилище."),
    "copy.other_version": (
        "Хранилище {source} другой версии, чем эта программа (в его таблице {table} нет столбцов:"
        " {missing}; лишние: {extra}), поэтому ничего не скопировано. Откройте его один раз этой "
        "версией для записи (например: python -m kam_analytics mappings --db ...), чтобы "
        "обновить, и скопируйте снова."),
    "copy.same_store": (
        "--from и --to указывают на одно и то же хранилище ({store}): ничего не скопировано."),
    "copy.done": "{source} скопировано в {target} одной транзакцией:",
    "copy.table": "  '{table}': {n:,} строк",
    "copy.table.one": "  '{table}': {n:,} строка",
    "copy.table.few": "  '{table}': {n:,} строки",
    "copy.table.many": "  '{table}': {n:,} строк",
    "copy.held": (
        "Дашборд (процесс {pid}) держит одно из хранилищ этого копирования: copy-store читает или"
        " пишет хранилище целиком, поэтому через дашборд не выполняется, и ничего не скопировано."
        " Остановите дашборд и запустите copy-store снова."),
}

