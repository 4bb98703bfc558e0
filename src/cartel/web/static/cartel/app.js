// Cartel's only script besides htmx. No inline scripts anywhere (Content-Security-Policy: script-src 'self').
