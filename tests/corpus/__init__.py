"""The bad-input corpus: files built from code (``build``) and what each must come to."""
