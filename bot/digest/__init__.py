"""The weekly digest for managers: KPIs, a chart, delivered in each manager's zone."""
