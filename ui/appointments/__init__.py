"""R1 appointments and R2 reminders at the front desk and customer service."""
