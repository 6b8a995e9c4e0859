"""Each role's own pages after signing in (a surface: it reads the domains' selectors and
calls their services, and owns no model)."""
