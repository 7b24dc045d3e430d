from django.core.management.base import BaseCommand

from bureau.core.schedules import sync_schedules


class Command(BaseCommand):
    help = "Create the Celery beat schedules declared in settings that are missing (admin edits are kept)."

    def handle(self, *args, **options):
        created = sync_schedules()
        self.stdout.write(f"Created {len(created)} schedule(s): {', '.join(created) or '-'}")
