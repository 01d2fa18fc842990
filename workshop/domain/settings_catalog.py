"""The shop's settings and their defaults: the vocabulary of `settings` rows (key → text). Limits that change
over time (A3) are not settings: they live in limit_settings (workshop.domain.limits). Reading a setting is
`workshop.db.settings_store.get_setting`; writing one, with its check, `workshop.services.settings`."""

from __future__ import annotations

DEFAULTS: dict[str, str] = {
    # S1: the shop's profile (workshop.services.shop_profile), printed on every document; set at first start
    "shop_name": "",
    "shop_address": "",
    "shop_phone": "",
    "shop_tax_no": "",
    "shop_bank_account": "",
    "shop_logo_path": "",
    "closing_time": "18:00",              # T2: tools are due back at the end of the working day
    "claim_overdue_days": "14",           # C3
    "return_visit_days": "3",             # Q1
    "return_visit_tries": "3",            # Q1: calls before a visit counts as not reached
    "return_visit_retry_hours": "24",     # Q1: the next try after a call that did not reach the customer
    "dead_stock_days": "180",             # stock screen filter
    "labor_cost_rate.机修": "45.00",       # A5: the team's internal cost per hour (元) until the shop enters
    "labor_cost_rate.钣喷": "55.00",       # its own rates with dates (workshop.services.team_rates)
    "backup_keep": "7",
    "backup_time": "12:30",               # the daily backup runs by itself once the app is open past this time
    "demo_mode": "0",
    "label_preset": "50x30",              # labels: the printer's label size (workshop.printing.labels.PRESETS)
    "label_dpi": "203",                   # labels: the printer's resolution, 203 or 300
    "label_offset_x_mm": "0",             # labels: A4 sheet calibration, + moves right
    "label_offset_y_mm": "0",             # labels: A4 sheet calibration, + moves down
    "shop_closed_days": "",               # S2: the shop's own closed days (2027-01-01, ...)
    "public_holidays": "",                # S2: public holidays of a year chinesecalendar does not know yet
    "adjusted_working_days": "",          # S2: that year's 调休 working weekends
    "idle_lock_minutes": "15",            # a desk left alone this long locks (0: never)
    "clock_parallel": "0",                # W5: 1 lets a technician be clocked on several jobs at once
    "clock_team_only": "1",               # W5: a technician of a team clocks on only their team's jobs
    "board_refresh_seconds": "5",         # W8: the floor TV refreshes itself this often
    "shift_hours": "0",                   # W6: attended hours per day clocked on (0: first clock-on to last off)
    "comeback_days": "30",                # W7: a job repeated on the same vehicle within this is a comeback
    "comeback_deduction_pct": "100",      # W7: the share of the first job's pay a comeback takes back
    "appointment_slots": "08:30, 10:00, 13:30, 15:00",  # R1: the day's appointment times (shop time)
    "appointment_capacity.机修": "3,3,3,3,3,2,2",  # R1: places per slot, Monday to Sunday
    "appointment_capacity.钣喷": "1,1,1,1,1,1,0",
    "service_interval": "6/5000",         # R2: the default service interval, months/km
    "service_intervals_by_model": "",     # R2: per model, 朗逸=6/7500; 途观L=12/10000
    "daily_km_default": "40",             # R2: a new car's predicted daily mileage
    "reminder_days_ahead": "14",          # R2: customer service calls this many days before the due date
}

# settings kept per team (`<prefix><team code>`): a team added later starts from these
TEAM_DEFAULTS: dict[str, str] = {
    "appointment_capacity.": "0,0,0,0,0,0,0",  # R1: no places until the shop sets them
}


def default_of(key: str) -> str | None:
    """The default of a setting, a per-team one included; None for a key no setting has."""
    if key in DEFAULTS:
        return DEFAULTS[key]
    return next((v for prefix, v in TEAM_DEFAULTS.items() if key.startswith(prefix) and len(key) > len(prefix)),
                None)


CALENDAR_KEYS = ("shop_closed_days", "public_holidays", "adjusted_working_days")
