"""What leaves the app: the board pack (deck, report, PDF), chart images, aliases, safe CSV."""
