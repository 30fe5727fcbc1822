"""Webhooks: signed deliveries of order events to partner endpoints, by Celery workers."""
