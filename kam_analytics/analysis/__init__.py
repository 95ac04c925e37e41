"""Analytics: pure functions from stored activity to the cost-versus-value matrix, and the one
query that asks the store for a matrix."""

from kam_analytics.analysis.query import LEVELS, MatrixQuery, matrix_for

__all__ = ["LEVELS", "MatrixQuery", "matrix_for"]
