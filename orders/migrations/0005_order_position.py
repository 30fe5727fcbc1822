"""Number the orders by id (Order.position): the count and the pages of the id-ordered list read it."""

from django.db import migrations, models

# Portable: SQLite (3.33+) and PostgreSQL both take UPDATE ... FROM and window functions.
NUMBER_BY_ID = """
UPDATE orders_order SET position = ranked.n
FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM orders_order) AS ranked
WHERE orders_order.id = ranked.id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0004_order_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="position",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.RunSQL(NUMBER_BY_ID, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="order",
            name="position",
            field=models.BigIntegerField(editable=False, unique=True),
        ),
        migrations.AddConstraint(
            model_name="order",
            constraint=models.CheckConstraint(condition=models.Q(position__gte=1), name="order_position_positive"),
        ),
    ]
