"""PDF and XLSX documents."""
