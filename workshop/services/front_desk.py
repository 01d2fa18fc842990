"""The front desk (F1-F8): customers and vehicles, opening and editing work orders, labor and part lines,
job start, added items confirmed with the customer, settlement, delivery and cancellation — one module per
capability (services.customers, .work_order_open, .work_order_lines, .added_items, .work_order_flow); the
front desk's names stay importable from here."""

from __future__ import annotations

from workshop.domain.warranty import warranty_status as warranty_status
from workshop.services.added_items import confirm_added_item as confirm_added_item
from workshop.services.added_items import decline_added_item as decline_added_item
from workshop.services.customers import MAX_MILEAGE as MAX_MILEAGE
from workshop.services.customers import _get_vehicle as _get_vehicle
from workshop.services.customers import add_customer as add_customer
from workshop.services.customers import add_vehicle as add_vehicle
from workshop.services.customers import edit_customer as edit_customer
from workshop.services.customers import edit_vehicle as edit_vehicle
from workshop.services.customers import update_mileage as update_mileage
from workshop.services.work_order_common import deadlines as deadlines
from workshop.services.work_order_common import get_work_order as get_work_order
from workshop.services.work_order_flow import cancel_work_order as cancel_work_order
from workshop.services.work_order_flow import deliver_work_order as deliver_work_order
from workshop.services.work_order_flow import settle_work_order as settle_work_order
from workshop.services.work_order_flow import start_work_order as start_work_order
from workshop.services.work_order_lines import add_labor_in as add_labor_in
from workshop.services.work_order_lines import add_labor_line as add_labor_line
from workshop.services.work_order_lines import add_part_line as add_part_line
from workshop.services.work_order_lines import change_part_quantity as change_part_quantity
from workshop.services.work_order_lines import find_operation as find_operation
from workshop.services.work_order_lines import find_part as find_part
from workshop.services.work_order_lines import labor_values as labor_values
from workshop.services.work_order_lines import part_values as part_values
from workshop.services.work_order_lines import remove_labor_line as remove_labor_line
from workshop.services.work_order_lines import remove_part_line as remove_part_line
from workshop.services.work_order_open import edit_work_order as edit_work_order
from workshop.services.work_order_open import open_in as open_in
from workshop.services.work_order_open import open_work_order as open_work_order
