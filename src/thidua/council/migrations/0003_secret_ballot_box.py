"""Issue 13 H5: participation with a random key, choices in an anonymous, rewritten ballot box.

The old participation table is copied in a shuffled order into a new one and dropped (with its
row versions); the running counts of meetings still open move into the ballot box.
"""

import random
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    old = apps.get_model("council", "OldBallotCast")
    new = apps.get_model("council", "BallotCast")
    rows = list(old.objects.values_list("meeting_id", "member_id"))
    random.SystemRandom().shuffle(rows)
    new.objects.bulk_create([new(id=uuid.uuid4(), meeting_id=m, member_id=u) for m, u in rows])
    item_model = apps.get_model("council", "AgendaItem")
    box = apps.get_model("council", "BallotBox")
    papers = []
    for item in item_model.objects.filter(meeting__status="open"):
        for choice, count in (("yes", item.yes), ("no", item.no), ("abstained", item.abstained)):
            papers += [(item.meeting_id, item.pk, choice)] * count
    random.SystemRandom().shuffle(papers)
    box.objects.bulk_create([box(id=uuid.uuid4(), meeting_id=m, item_id=i, choice=c) for m, i, c in papers])
    item_model.objects.filter(meeting__status="open").update(yes=0, no=0, abstained=0)


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('council', '0002_vote_thresholds'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='ballotcast', name='ballot_cast_once'),
        migrations.RenameModel(old_name='BallotCast', new_name='OldBallotCast'),
        migrations.CreateModel(
            name='BallotCast',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ballots_cast', to='council.meeting')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('meeting', 'member'), name='ballot_cast_once')],
            },
        ),
        migrations.CreateModel(
            name='BallotBox',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('choice', models.CharField(choices=[('yes', 'đồng ý'), ('no', 'không đồng ý'), ('abstained', 'không bỏ phiếu (tránh xung đột lợi ích)')], max_length=9)),
                ('item', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='council.agendaitem')),
                ('meeting', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='council.meeting')),
            ],
            options={
                'verbose_name': 'hòm phiếu',
                'verbose_name_plural': 'hòm phiếu',
            },
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(name='OldBallotCast'),
    ]
