"""The smallest Django views that do one thing each: the yardsticks every
measured page is divided by. They go through the full middleware stack, so a
ratio isolates what the page itself costs."""

from django.contrib.auth import get_user_model
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from cocreate.core.models import Activity

# The benchmark dataset numbers its members from 1; any existing row will do.
READ_PK = 1


@require_GET
def minimal_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


@require_GET
def minimal_read(request: HttpRequest) -> JsonResponse:
    user = get_user_model().objects.only("username").filter(pk=READ_PK).first()
    return JsonResponse({"username": user.username if user else None})


@csrf_exempt
@require_POST
def minimal_insert(request: HttpRequest) -> JsonResponse:
    activity = Activity.objects.create(verb="bench.insert")
    return JsonResponse({"id": activity.pk}, status=201)
