"""Letter import in the admin: the inspections list gains *Import letter* and its review pages.

The domain app registers Inspection's admin; this app, above it, adds the import views to it,
so `inspections` never needs to know how letters are read.
"""

from django.contrib import admin

from inspections.admin import InspectionAdmin
from inspections.models import Inspection
from letters.admin_views import LetterImportAdmin


class InspectionWithImportAdmin(LetterImportAdmin, InspectionAdmin):
    pass


admin.site.unregister(Inspection)
admin.site.register(Inspection, InspectionWithImportAdmin)
