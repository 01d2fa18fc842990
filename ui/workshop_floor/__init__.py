"""Workshop floor screens: the board (W1, F7), assignment, take with plate check (F5), added items (F6), completion (W2)."""
