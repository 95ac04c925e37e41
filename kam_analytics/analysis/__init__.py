"""Analytics: pure functions from stored activity to the cost-versus-value matrix."""
