"""The audit log in words: every action code the services write, as a Chinese and an English sentence; the
fields of a record by their Chinese names; kinds of action for the filter. Pure (the query fills it in)."""

from __future__ import annotations

from dataclasses import dataclass

from workshop.domain.lang import tr

# group (the part of the code before the dot) -> (中文, English), in the order the filter lists them
GROUPS: dict[str, tuple[str, str]] = {
    "work_order": ("工单", "Work orders"), "added_item": ("增项", "Added items"), "discount": ("折扣", "Discounts"),
    "quote": ("报价单", "Quotes"), "part": ("备件", "Parts"), "stock": ("库存", "Stock"),
    "purchase": ("采购", "Purchasing"), "claim": ("索赔", "Claims"), "deposit": ("订金", "Deposits"),
    "payment": ("收款", "Payments"), "payer_terms": ("付款方", "Payers"), "invoice": ("发票", "Invoices"),
    "gate_pass": ("放行条", "Gate passes"), "day": ("日结", "Day close"), "tool": ("专用工具", "Special tools"),
    "approval": ("审批", "Approvals"), "return_visit": ("回访", "Return visits"), "complaint": ("投诉", "Complaints"),
    "customer": ("客户", "Customers"), "vehicle": ("车辆", "Vehicles"), "labor": ("工时项目", "Labor operations"),
    "supplier": ("供应商", "Suppliers"), "bin": ("库位", "Bins"), "user": ("用户", "Users"),
    "limit": ("限额", "Limits"), "team_rates": ("班组费率", "Team rates"), "setting": ("设置", "Settings"),
    "shop_profile": ("店铺资料", "Shop profile"), "label_printer": ("标签打印机", "Label printer"),
    "backup": ("备份", "Backups"), "database": ("数据库", "Database"),
}


@dataclass(frozen=True)
class ActionText:
    zh: str  # a sentence: {who} the person, {rec} the record, {field} any field of the summary
    en: str
    name_zh: str  # a short name for the filter
    name_en: str


def _a(name_zh: str, name_en: str, zh: str, en: str) -> ActionText:
    return ActionText(zh, en, name_zh, name_en)


ACTIONS: dict[str, ActionText] = {
    # work orders (F4 transitions are work_order.<action>)
    "work_order.open": _a("开工单", "Open", "{who} 为 {plate} 开了工单 {rec}（{kind}，进厂里程 {mileage} km）",
                          "{who} opened work order {rec} for {plate} ({kind}, {mileage} km)"),
    "work_order.edit": _a("修改工单", "Edit", "{who} 修改了工单 {rec}：{changed}", "{who} changed work order {rec}: {changed}"),
    "work_order.start": _a("开工", "Job start", "{who} 把工单 {rec} 开工", "{who} released work order {rec} to the workshop"),
    "work_order.take": _a("接车维修", "Take", "{who} 接车维修工单 {rec}", "{who} took work order {rec} into repair"),
    "work_order.complete": _a("竣工自检", "Complete", "{who} 把工单 {rec} 竣工自检", "{who} completed work order {rec}"),
    "work_order.qc_pass": _a("质检通过", "QC pass", "{who} 质检通过工单 {rec}", "{who} passed work order {rec} at QC"),
    "work_order.qc_fail": _a("质检不合格", "QC fail", "{who} 质检不合格，工单 {rec} 返工：{note}",
                             "{who} failed work order {rec} at QC: {note}"),
    "work_order.settle": _a("结算", "Settle", "{who} 结算了工单 {rec}", "{who} settled work order {rec}"),
    "work_order.deliver": _a("交车", "Deliver", "{who} 交车工单 {rec}", "{who} delivered work order {rec}"),
    "work_order.close": _a("回访后关闭", "Close", "{who} 关闭了工单 {rec}", "{who} closed work order {rec}"),
    "work_order.cancel": _a("取消工单", "Cancel", "{who} 取消了工单 {rec}：{note}", "{who} cancelled work order {rec}: {note}"),
    "work_order.assign": _a("派工", "Dispatch", "{who} 把工单 {rec} 的工时派给 {team}",
                            "{who} dispatched a job of work order {rec} to {team}"),
    "work_order.labor_add": _a("加工时", "Add labor", "{who} 在工单 {rec} 加了工时 {code}（{hours} 时）",
                               "{who} added labor {code} ({hours} h) to work order {rec}"),
    "work_order.labor_remove": _a("删工时", "Remove labor", "{who} 从工单 {rec} 删去工时「{description}」",
                                  "{who} removed labor '{description}' from work order {rec}"),
    "work_order.part_add": _a("加配件", "Add part", "{who} 在工单 {rec} 加了配件 {part_no} × {quantity}",
                              "{who} added part {part_no} × {quantity} to work order {rec}"),
    "work_order.part_quantity": _a("改配件数量", "Part quantity", "{who} 把工单 {rec} 的配件数量从 {before} 改为 {after}",
                                   "{who} changed a part quantity on work order {rec} from {before} to {after}"),
    "work_order.part_remove": _a("删配件", "Remove part", "{who} 从工单 {rec} 删去一行配件",
                                 "{who} removed a part line from work order {rec}"),
    "added_item.propose": _a("提出增项", "Propose", "{who} 在工单 {rec} 提出增项「{description}」",
                             "{who} proposed the added item '{description}' on work order {rec}"),
    "added_item.confirm": _a("客户同意增项", "Consent", "{who} 记录客户同意工单 {rec} 的增项（{amount} 元）",
                             "{who} recorded the customer's consent to an added item on {rec} ({amount} yuan)"),
    "added_item.decline": _a("客户拒绝增项", "Decline", "{who} 记录客户拒绝工单 {rec} 的增项：{reason}",
                             "{who} recorded that the customer declined an added item on {rec}: {reason}"),
    "added_item.consent_void": _a("同意作废", "Consent void", "{who} 改价后作废了工单 {rec} 增项的客户同意",
                                  "{who} voided the customer's consent to an added item on {rec} (price changed)"),
    "discount.give": _a("给折扣", "Discount", "{who} 把 {rec} 的折扣改为 {pct} %（折扣 {discount} 元）：{reason}",
                        "{who} set the discount on {rec} to {pct} % ({discount} yuan off): {reason}"),
    # quotes
    "quote.write": _a("写报价", "Write", "{who} 写了工单 {rec} 的报价单（第 {revision} 版）",
                      "{who} wrote the quote of work order {rec} (revision {revision})"),
    "quote.labor_add": _a("报价加工时", "Add labor", "{who} 在 {rec} 的报价单加了工时 {code}",
                          "{who} added labor {code} to the quote of {rec}"),
    "quote.part_add": _a("报价加配件", "Add part", "{who} 在 {rec} 的报价单加了配件 {part_no} × {quantity}",
                         "{who} added part {part_no} × {quantity} to the quote of {rec}"),
    "quote.line_remove": _a("报价删行", "Remove line", "{who} 从 {rec} 的报价单删去「{description}」",
                            "{who} removed '{description}' from the quote of {rec}"),
    "quote.sign": _a("签报价", "Sign", "{who} 签了 {rec} 的报价单（第 {revision} 版，合计 {total} 元）",
                     "{who} signed the quote of {rec} (revision {revision}, total {total} yuan)"),
    # parts and stock
    "part.issue": _a("发料", "Issue", "{who} 给工单 {work_order} 发了配件 {part_no} × {qty}",
                     "{who} issued part {part_no} × {qty} to work order {work_order}"),
    "part.return": _a("退料", "Return", "{who} 从工单 {work_order} 退回配件 {part_no} × {qty}：{reason}",
                      "{who} returned part {part_no} × {qty} from work order {work_order}: {reason}"),
    "part.old_received": _a("收旧件", "Old part in", "{who} 收到工单 {work_order} 的旧件 {part_no} × {qty}",
                            "{who} received the old part {part_no} × {qty} of work order {work_order}"),
    "part.fitted": _a("已装车", "Fitted", "{who} 确认工单 {work_order} 的配件已装车",
                      "{who} confirmed a part of work order {work_order} as fitted"),
    "part.add": _a("新增零件", "Add", "{who} 新增零件 {part_no}（{price} 元）", "{who} added part {part_no} ({price} yuan)"),
    "part.edit": _a("修改零件", "Edit", "{who} 修改了零件 {rec}：{changes}", "{who} changed part {rec}: {changes}"),
    "part.import": _a("导入零件", "Import", "{who} 导入零件：新增 {added}，更新 {updated}，拒绝 {refused}",
                      "{who} imported parts: {added} added, {updated} updated, {refused} refused"),
    "stock.receive": _a("入库", "Receive", "{who} 收货入库 {number}（{supplier}）",
                        "{who} received delivery {number} ({supplier})"),
    "stock.internal": _a("内部领用", "Internal use", "{who} 把 {part_no} × {qty} 记为 {department} 内部领用",
                         "{who} booked {part_no} × {qty} as internal use by {department}"),
    "stock.stocktake": _a("盘点", "Stocktake", "{who} 记录了盘点差异：{reason}", "{who} booked a stocktake: {reason}"),
    "purchase.order": _a("采购订货", "Order", "{who} 向 {supplier} 下了采购单 {number}",
                         "{who} placed purchase order {number} with {supplier}"),
    "purchase.order_quote": _a("按报价订货", "Order from quote", "{who} 按工单 {work_order} 的报价下了采购单 {number}",
                               "{who} ordered {number} from the quote of work order {work_order}"),
    "purchase.self": _a("自采", "Self-purchase", "{who} 自采 {part_no} × {qty}", "{who} self-purchased {part_no} × {qty}"),
    "purchase.cancel": _a("取消采购单", "Cancel", "{who} 取消了采购单 {number}", "{who} cancelled purchase order {number}"),
    # claims and deposits
    "claim.create": _a("建索赔单", "Create", "{who} 为工单 {work_order} 建了索赔单 {number}（{amount} 元）",
                       "{who} created claim order {number} for work order {work_order} ({amount} yuan)"),
    "claim.sign": _a("签索赔单", "Sign", "{who} 签了索赔单 {number}", "{who} signed claim order {number}"),
    "claim.ordered": _a("索赔订货", "Ordered", "{who} 已订索赔单 {number} 的配件", "{who} ordered the parts of claim {number}"),
    "claim.cancel": _a("取消索赔单", "Cancel", "{who} 取消了索赔单 {number}：{reason}",
                       "{who} cancelled claim order {number}: {reason}"),
    "claim.arrived": _a("索赔件到货", "Arrived", "{who} 登记索赔单 {number} 的配件到货",
                        "{who} booked the parts of claim {number} as arrived"),
    "claim.customer_called": _a("通知客户", "Customer called", "{who} 已通知客户索赔单 {number} 的配件到货",
                                "{who} called the customer about claim {number}"),
    "deposit.record": _a("收订金", "Take deposit", "{who} 收了索赔单 {claim} 的订金 {amount} 元（收据 {receipt}）",
                         "{who} took a deposit of {amount} yuan for claim {claim} (receipt {receipt})"),
    "deposit.refund": _a("退订金", "Refund deposit", "{who} 退还了索赔单 {claim} 的订金 {amount} 元",
                         "{who} refunded the deposit of {amount} yuan for claim {claim}"),
    "deposit.apply": _a("订金抵款", "Apply deposit", "{who} 用订金 {amount} 元抵付工单 {rec}",
                        "{who} applied a deposit of {amount} yuan to work order {rec}"),
    # money at the counter
    "payment.take": _a("收款", "Take payment", "{who} 收了工单 {rec} 的款 {amount} 元（收据 {receipt}）",
                       "{who} took {amount} yuan for work order {rec} (receipt {receipt})"),
    "payment.void": _a("作废收款", "Void", "{who} 作废了工单 {rec} 的收据 {receipt}（{amount} 元）：{reason}",
                       "{who} voided receipt {receipt} of work order {rec} ({amount} yuan): {reason}"),
    "payment.void_approved": _a("批准作废收款", "Void approved", "{who} 批准作废收据 {rec}（{amount} 元）：{reason}",
                                "{who} approved voiding receipt {rec} ({amount} yuan): {reason}"),
    "payer_terms.set": _a("设付款方", "Payers", "{who} 设定了工单 {rec} 的付款方", "{who} set the payers of work order {rec}"),
    "invoice.request": _a("申请发票", "Invoice request", "{who} 为工单 {rec} 申请发票（{title}，{amount} 元）",
                          "{who} requested an invoice for {rec} ({title}, {amount} yuan)"),
    "invoice.issue": _a("开发票", "Invoice issued", "{who} 为工单 {rec} 开了发票 {invoice_number}",
                        "{who} issued invoice {invoice_number} for work order {rec}"),
    "gate_pass.issue": _a("开放行条", "Gate pass", "{who} 为工单 {rec} 开了放行条 {code}",
                          "{who} issued gate pass {code} for work order {rec}"),
    "day.close": _a("日结", "Day close", "{who} 日结 {rec}：应有现金 {expected} 元，实点 {counted} 元",
                    "{who} closed the day {rec}: cash expected {expected} yuan, counted {counted} yuan"),
    # tools
    "tool.register": _a("登记工具", "Register", "{who} 登记了专用工具 {code}（{name}）", "{who} registered tool {code} ({name})"),
    "tool.lend": _a("借出工具", "Lend", "{who} 把工具 {tool} 借给 {borrower}，应还 {due}",
                    "{who} lent tool {tool} to {borrower}, due back {due}"),
    "tool.return": _a("归还工具", "Return", "{who} 收回 {borrower} 借的工具 {tool}", "{who} took back tool {tool} from {borrower}"),
    "tool.retire": _a("报废工具", "Retire", "{who} 停用了工具 {code}：{reason}", "{who} retired tool {code}: {reason}"),
    "tool.lost_charge": _a("工具丢失（赔偿）", "Lost (charged)", "{who} 登记工具 {tool} 丢失，向 {borrower} 收取 {amount} 元",
                           "{who} declared tool {tool} lost and charged {borrower} {amount} yuan"),
    "tool.lost_replacement": _a("工具丢失（赔同型号）", "Lost (replaced)", "{who} 登记工具 {tool} 丢失，{borrower} 以同型号赔偿",
                                "{who} declared tool {tool} lost; {borrower} replaces it with the same model"),
    # approvals
    "approval.request": _a("申请审批", "Request", "{who} 申请审批 {rec}（{kind}）：{reason}",
                           "{who} asked for approval {rec} ({kind}): {reason}"),
    "approval.decide": _a("审批决定", "Decide", "{who} 对审批 {rec}（{kind}）的决定：{decision}",
                          "{who} decided approval {rec} ({kind}): {decision}"),
    "approval.withdraw": _a("撤回审批", "Withdraw", "{who} 撤回了审批 {rec}（{kind}）", "{who} withdrew approval {rec} ({kind})"),
    "approval.still_within": _a("审批仍有效", "Still within", "{who} 修改工单 {number} 后审批 {rec} 仍有效：{note}",
                                "{who} changed work order {number}; approval {rec} still holds: {note}"),
    "approval.void": _a("审批作废", "Void", "{who} 修改工单 {number} 后审批 {rec} 作废：{note}",
                        "{who} changed work order {number}; approval {rec} is void: {note}"),
    # customers' return, quality
    "return_visit.record": _a("记录回访", "Return visit", "{who} 记录了工单 {number} 的回访：{result}",
                              "{who} recorded the return visit of work order {number}: {result}"),
    "complaint.accept": _a("受理投诉", "Accept", "{who} 受理了投诉 {number}", "{who} accepted complaint {number}"),
    "complaint.handle": _a("处理投诉", "Handle", "{who} 处理了投诉 {number}", "{who} handled complaint {number}"),
    "complaint.verify": _a("验证投诉", "Verify", "{who} 验证了投诉 {number}", "{who} verified complaint {number}"),
    "complaint.feedback": _a("反馈投诉", "Feedback", "{who} 反馈了投诉 {number}", "{who} gave feedback on complaint {number}"),
    "complaint.archive": _a("归档投诉", "Archive", "{who} 归档了投诉 {number}", "{who} archived complaint {number}"),
    # master data
    "customer.add": _a("新增客户", "Add", "{who} 新增客户 {name}（{phone}）", "{who} added customer {name} ({phone})"),
    "customer.edit": _a("修改客户", "Edit", "{who} 修改了客户 {rec}：{changes}", "{who} changed customer {rec}: {changes}"),
    "customer.import": _a("导入客户", "Import", "{who} 导入客户：新增 {added}，更新 {updated}，拒绝 {refused}",
                          "{who} imported customers: {added} added, {updated} updated, {refused} refused"),
    "vehicle.add": _a("新增车辆", "Add", "{who} 新增车辆 {plate}（车架号 {vin}）", "{who} added vehicle {plate} (VIN {vin})"),
    "vehicle.edit": _a("修改车辆", "Edit", "{who} 修改了车辆 {rec}：{changed}", "{who} changed vehicle {rec}: {changed}"),
    "vehicle.mileage": _a("改里程", "Mileage", "{who} 把车辆 {rec} 的里程从 {before} 改为 {after} km",
                          "{who} changed the mileage of vehicle {rec} from {before} to {after} km"),
    "labor.add": _a("新增工时项目", "Add", "{who} 新增工时项目 {code}", "{who} added labor operation {code}"),
    "labor.edit": _a("修改工时项目", "Edit", "{who} 修改了工时项目 {code}：{changes}", "{who} changed labor operation {code}: {changes}"),
    "labor.retire": _a("停用工时项目", "Retire", "{who} 停用了工时项目 {code}", "{who} retired labor operation {code}"),
    "labor.reinstate": _a("恢复工时项目", "Reinstate", "{who} 恢复了工时项目 {code}", "{who} reinstated labor operation {code}"),
    "labor.import": _a("导入工时", "Import", "{who} 导入工时项目：新增 {added}，更新 {updated}，拒绝 {refused}",
                       "{who} imported labor operations: {added} added, {updated} updated, {refused} refused"),
    "supplier.add": _a("新增供应商", "Add", "{who} 新增供应商 {name}", "{who} added supplier {name}"),
    "supplier.edit": _a("修改供应商", "Edit", "{who} 修改了供应商 {name}：{changes}", "{who} changed supplier {name}: {changes}"),
    "bin.add": _a("新增库位", "Add", "{who} 新增库位 {code}", "{who} added bin {code}"),
    "bin.edit": _a("修改库位", "Edit", "{who} 把库位 {code} 的说明改为「{after}」", "{who} changed bin {code} to '{after}'"),
    # people and settings
    "user.add": _a("新增用户", "Add", "{who} 新增用户 {username}", "{who} added user {username}"),
    "user.first_admin": _a("首位管理员", "First admin", "{who} 建立了首位管理员 {username}", "{who} created the first admin {username}"),
    "user.login": _a("登录", "Log in", "{who} 登录", "{who} logged in"),
    "user.locked": _a("锁定用户", "Locked", "用户 {rec} 连续 {after_failures} 次密码错误，锁定到 {locked_until}",
                      "User {rec} was locked after {after_failures} wrong passwords, until {locked_until}"),
    "user.roles": _a("改角色", "Roles", "{who} 把用户 {rec} 的角色改为 {after}", "{who} set the roles of user {rec} to {after}"),
    "user.enable": _a("启用用户", "Enable", "{who} 启用了用户 {rec}", "{who} enabled user {rec}"),
    "user.disable": _a("停用用户", "Disable", "{who} 停用了用户 {rec}", "{who} disabled user {rec}"),
    "user.password_reset": _a("重设密码", "Password reset", "{who} 重设了用户 {rec} 的密码", "{who} reset the password of user {rec}"),
    "user.recover_admin": _a("恢复管理员", "Recover admin", "{who} 在 {host} 上恢复了管理员 {rec}",
                             "{who} recovered admin {rec} on {host}"),
    "limit.set": _a("设限额", "Limit", "{who} 把 {role} 的限额 {key} 设为 {after}（{effective_from} 起）",
                    "{who} set the limit {key} of {role} to {after} (from {effective_from})"),
    "team_rates.set": _a("设班组费率", "Team rates", "{who} 设定了 {team} 的费率（{effective_from} 起）",
                         "{who} set the rates of team {team} (from {effective_from})"),
    "setting.set": _a("改设置", "Setting", "{who} 把设置 {rec} 从 {before} 改为 {after}",
                      "{who} changed setting {rec} from {before} to {after}"),
    "shop_profile.save": _a("保存店铺资料", "Shop profile", "{who} 修改了店铺资料：{changes}", "{who} changed the shop profile: {changes}"),
    "label_printer.set": _a("设标签打印机", "Label printer", "{who} 修改了标签打印机设置", "{who} changed the label printer"),
    "backup.run": _a("备份", "Backup", "{who} 备份了数据库", "{who} backed up the database"),
    "database.restore": _a("恢复数据库", "Restore", "{who} 从备份 {file} 恢复了数据库", "{who} restored the database from {file}"),
}


# summary field -> (中文, English)
FIELDS: dict[str, tuple[str, str]] = {
    "number": ("单号", "Number"), "work_order": ("工单", "Work order"), "work_order_id": ("工单号", "Work order id"),
    "kind": ("类型", "Kind"), "plate": ("车牌", "Plate"), "vin": ("车架号", "VIN"), "mileage": ("里程", "Mileage"),
    "mileage_in": ("进厂里程", "Mileage in"), "in_warranty": ("在保修期内", "In warranty"),
    "before": ("原值", "Before"), "after": ("新值", "After"), "changed": ("改动", "Changes"), "note": ("备注", "Note"),
    "reason": ("原因", "Reason"), "amount": ("金额", "Amount"), "pct": ("折扣 %", "Discount %"),
    "discount": ("折扣金额", "Discount"), "week_count": ("本周第几张", "Week count"), "receipt": ("收据号", "Receipt"),
    "tenders": ("付款方式", "Tenders"), "code": ("编码", "Code"), "name": ("名称", "Name"), "phone": ("电话", "Phone"),
    "address": ("地址", "Address"), "part_no": ("零件号", "Part number"), "qty": ("数量", "Quantity"),
    "quantity": ("数量", "Quantity"), "unit_cost": ("单位成本", "Unit cost"), "unit_price": ("单价", "Unit price"),
    "price": ("价格", "Price"), "hours": ("工时", "Hours"), "rate": ("工时单价", "Rate"), "line_id": ("行号", "Line"),
    "description": ("说明", "Description"), "labor": ("工时", "Labor"), "parts": ("配件", "Parts"),
    "added_item_id": ("增项号", "Added item"), "consent_at": ("同意时间", "Consent at"),
    "consent_method": ("同意方式", "Consent by"), "agreed": ("同意金额", "Agreed"), "now": ("现价", "Now"),
    "due": ("应还时间", "Due back"), "borrower": ("借用人", "Borrower"), "tool": ("工具", "Tool"), "late": ("逾期", "Late"),
    "model": ("型号", "Model"), "team": ("班组", "Team"), "technician_id": ("技工", "Technician"),
    "promised_at": ("承诺交车", "Promised"), "charging_mode": ("收费方式", "Charging mode"),
    "out_of_warranty_agreed": ("保外已同意", "Out of warranty agreed"), "customer_id": ("客户", "Customer"),
    "username": ("用户名", "User name"), "roles": ("角色", "Roles"), "via": ("途径", "Via"), "host": ("主机", "Host"),
    "after_failures": ("失败次数", "Failures"), "locked_until": ("锁定到", "Locked until"), "role": ("角色", "Role"),
    "key": ("项目", "Key"), "effective_from": ("生效日期", "Effective from"), "cost_rate": ("内部成本费率", "Cost rate"),
    "piece_rate": ("计件费率", "Piece rate"), "supplier": ("供应商", "Supplier"), "lines": ("行", "Lines"),
    "claim": ("索赔单", "Claim"), "method": ("方式", "Method"), "deposit": ("订金", "Deposit"),
    "deposit_receipt": ("订金收据", "Deposit receipt"), "threshold": ("限额", "Threshold"), "approval": ("审批", "Approval"),
    "complete": ("全部到货", "Complete"), "decision": ("决定", "Decision"), "details": ("明细", "Details"),
    "required_role": ("审批角色", "Approver role"), "figures": ("数字", "Figures"), "at": ("时间", "At"),
    "revision": ("版本", "Revision"), "total": ("合计", "Total"), "customer_pays": ("客户付", "Customer pays"),
    "insurer_pays": ("保险付", "Insurer pays"), "new_lines": ("新增行", "New lines"),
    "supplemental": ("追加", "Supplemental"), "title": ("抬头", "Title"), "tax_number": ("税号", "Tax number"),
    "invoice_number": ("发票号", "Invoice number"), "request": ("申请", "Request"), "basis": ("依据", "Basis"),
    "paid": ("已付", "Paid"), "expected": ("应有现金", "Expected cash"), "counted": ("实点现金", "Counted"),
    "difference": ("差额", "Difference"), "score": ("满意度", "Score"), "result": ("结果", "Result"),
    "outcome": ("结果", "Outcome"), "attempt": ("第几次", "Attempt"), "next_due": ("下次", "Next due"),
    "added": ("新增", "Added"), "updated": ("更新", "Updated"), "refused": ("拒绝", "Refused"),
    "plates_flagged": ("车牌存疑", "Plates flagged"), "adjustments": ("调整", "Adjustments"),
    "department": ("部门", "Department"), "chosen": ("选用", "Chosen"), "offers": ("报价", "Offers"),
    "signed_revision": ("签字版本", "Signed revision"), "file": ("文件", "File"), "sha256": ("校验值", "SHA-256"),
    "safety_copy": ("安全副本", "Safety copy"), "revision_": ("版本", "Revision"), "by": ("操作人", "By"),
    "backup_taken_at": ("备份时间", "Backup taken at"), "backup_last_action_at": ("备份最后操作", "Last action in backup"),
    "record": ("记录", "Record"), "kept_at_zero_for_the_ledger": ("保留为 0（台账）", "Kept at zero"),
    "part_id": ("零件", "Part"), "lower_mileage_confirmed": ("已确认里程减少", "Lower mileage confirmed"),
    "plate_unrecognised": ("车牌格式未识别", "Plate not recognised"), "new": ("新", "New"),
    # the shop profile and the settings (the setting's key is the record of setting.set)
    "tax_no": ("税号", "Tax number"), "bank_account": ("开户行及账号", "Bank account"), "logo_path": ("标志图片", "Logo"),
    "shop_profile": ("店铺资料", "Shop profile"), "closing_time": ("下班时间", "Closing time"),
    "claim_overdue_days": ("索赔件超期天数", "Claim overdue days"), "return_visit_days": ("回访期限天数", "Return visit days"),
    "return_visit_tries": ("回访尝试次数", "Return visit tries"),
    "return_visit_retry_hours": ("回访重拨间隔小时", "Return visit retry hours"),
    "dead_stock_days": ("积压天数", "Dead stock days"), "backup_keep": ("保留备份份数", "Backups kept"),
    "backup_time": ("每日备份时间", "Daily backup time"), "label_preset": ("标签尺寸", "Label size"),
    "label_dpi": ("标签打印分辨率", "Label printer dpi"), "label_offset_x_mm": ("标签横向偏移", "Label offset x"),
    "label_offset_y_mm": ("标签纵向偏移", "Label offset y"), "shop_closed_days": ("本店休息日", "Shop closed days"),
    "public_holidays": ("法定节假日", "Public holidays"), "adjusted_working_days": ("调休上班日", "Adjusted working days"),
    "idle_lock_minutes": ("空闲锁屏分钟", "Idle lock minutes"),
}

# record kinds (the entity column) -> (中文, English)
ENTITIES: dict[str, tuple[str, str]] = {
    "user": ("用户", "User"), "work_order": ("工单", "Work order"), "part_line": ("备件行", "Part line"),
    "labor_line": ("工时行", "Labor line"), "part": ("零件", "Part"), "customer": ("客户", "Customer"),
    "vehicle": ("车辆", "Vehicle"), "added_item": ("增项", "Added item"), "tool": ("工具", "Tool"),
    "tool_loan": ("工具借用", "Tool loan"), "tool_charge": ("工具赔偿", "Tool charge"),
    "claim_order": ("索赔单", "Claim order"), "deposit": ("订金", "Deposit"), "approval": ("审批", "Approval"),
    "setting": ("设置", "Setting"), "limit_setting": ("限额", "Limit"), "complaint": ("投诉", "Complaint"),
    "return_visit": ("回访", "Return visit"), "quote": ("报价单", "Quote"), "purchase_order": ("采购单", "Purchase order"),
    "delivery_note": ("送货单", "Delivery note"), "stocktake": ("盘点", "Stocktake"), "database": ("数据库", "Database"),
    "self_purchase": ("自采", "Self-purchase"), "labor_operation": ("工时项目", "Labor operation"),
    "supplier": ("供应商", "Supplier"), "bin": ("库位", "Bin"), "team_rate": ("班组费率", "Team rate"),
    "receipt": ("收据", "Receipt"), "day_close": ("日结", "Day close"),
}


def group_of(action: str) -> str:
    return action.split(".", 1)[0]


def action_name(action: str, lang: str) -> str:
    """The short name of an action ("开工", "Job start"), or the code itself when unknown."""
    text = ACTIONS.get(action)
    if text is None:
        return action
    return tr(lang, text.name_zh, text.name_en)


def field_name(key: str, lang: str) -> str:
    pair = FIELDS.get(key)
    if pair is None:
        return key.replace("_", " ")
    return tr(lang, pair[0], pair[1])


def entity_name(entity: str, lang: str) -> str:
    pair = ENTITIES.get(entity)
    if pair is None:
        return entity
    return tr(lang, pair[0], pair[1])


def _merge_second_wave() -> None:
    from workshop.domain import audit_actions_wave as wave

    GROUPS.update(wave.GROUPS)
    ACTIONS.update({code: _a(*texts) for code, texts in wave.ACTIONS.items()})
    FIELDS.update(wave.FIELDS)
    ENTITIES.update(wave.ENTITIES)


_merge_second_wave()
