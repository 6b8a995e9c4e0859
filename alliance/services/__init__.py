"""Every write of the alliance: rota, meetings, follow-up items, escalations, evaluations."""
