"""Every existing product gets its idea settings and the board where its
ideas' discussions live (new products get theirs with their first idea)."""

from django.db import migrations
from django.utils.text import slugify


def create_boards(apps, schema_editor):
    Product = apps.get_model("forum", "Product")
    Board = apps.get_model("forum", "Board")
    Settings = apps.get_model("ideas", "ProductIdeaSettings")
    taken = set(Board.objects.values_list("slug", flat=True))
    for product in Product.objects.filter(idea_settings__isnull=True):
        base = slugify(f"{product.slug}-ideas")[:44] or "ideas"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        board = Board.objects.create(
            product=product,
            slug=slug,
            name="Ideas",
            name_zh="创意",
            description="The discussion of each idea proposed for this product.",
            description_zh="每个创意的讨论。",
        )
        Settings.objects.create(product=product, board=board)


def remove_boards(apps, schema_editor):
    Settings = apps.get_model("ideas", "ProductIdeaSettings")
    Board = apps.get_model("forum", "Board")
    board_ids = list(Settings.objects.values_list("board_id", flat=True))
    Settings.objects.all().delete()
    Board.objects.filter(pk__in=board_ids, thread_count=0).delete()


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]

    operations = [migrations.RunPython(create_boards, remove_boards)]
