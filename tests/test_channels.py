"""Each channel parses exactly as the eval format describes."""

from __future__ import annotations

import pytest
from handoff.retrieval.channels import Party, parse_interaction
from handoff.retrieval.errors import IngestError
from handoff.retrieval.models import Channel, Role

PARTY = Party(name="Mike Alvarez", email="mike.alvarez@example.com")


def test_chat_messages_without_time_inherit_started_at():
    channel, turns = parse_interaction(
        {"channel": "sms", "started_at": "2026-03-02T14:05:00-06:00",
         "messages": [{"speaker": "customer", "text": "hi"},
                      {"speaker": "agent", "name": "Sarah", "text": "hello", "at": "2026-03-02T14:06:00-06:00"},
                      {"speaker": "bot", "text": "beep"}]},
        PARTY,
    )
    assert channel is Channel.sms
    assert [t.role for t in turns] == [Role.customer, Role.staff, Role.bot]
    assert turns[0].at.isoformat() == "2026-03-02T14:05:00-06:00"
    assert turns[1].speaker == "Sarah" and turns[1].at.minute == 6


@pytest.mark.parametrize(
    "line, role, speaker",
    [
        ("Agent: Thanks for calling.", Role.staff, "Agent"),
        ("Customer: Hi.", Role.customer, "Customer"),
        ("Mike: It's Mike again.", Role.customer, "Mike"),
        ("Tom: This is Tom.", Role.staff, "Tom"),
    ],
)
def test_call_speakers_by_label_or_first_name(line, role, speaker):
    _, turns = parse_interaction({"channel": "call", "started_at": "2026-03-04T10:30:00-06:00", "transcript": line}, PARTY)
    assert (turns[0].role, turns[0].speaker) == (role, speaker)


def test_call_offsets_are_added_to_started_at():
    transcript = "[00:00:02] Agent: Hello.\n[00:01:05] Customer: Hi there.\nand a second line of the same turn"
    _, turns = parse_interaction({"channel": "call", "started_at": "2026-03-04T10:30:00-06:00",
                                  "transcript": transcript}, PARTY)
    assert [t.at.strftime("%H:%M:%S") for t in turns] == ["10:30:02", "10:31:05"]
    assert turns[1].text == "Hi there. and a second line of the same turn"


def test_webvtt_voice_tags_and_cue_times():
    vtt = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Angela>Tulsa Motors, this is Angela.</v>\n\n"
           "2\n00:00:05.500 --> 00:00:09.000\n<v Mike>Hey, it's Mike.\n")
    _, turns = parse_interaction({"channel": "call", "started_at": "2026-08-21T08:10:00-05:00", "transcript": vtt}, PARTY)
    assert [(t.role, t.speaker, t.at.strftime("%H:%M:%S")) for t in turns] == [
        (Role.staff, "Angela", "08:10:01"), (Role.customer, "Mike", "08:10:05")]


EMAIL_REPLY = """From: Mike Alvarez <Mike.Alvarez@example.com>
To: Tom <tom@hillcountrychevy.example>
Date: Thu, 05 Mar 2026 08:12:00 -0600
Subject: Re: Silverado

Keep it at $500 a month please.
> old quoted line with $600

On Wed, Mar 4, 2026 at 10:00 AM Tom <tom@hillcountrychevy.example> wrote:
> We can do $600/mo on the LT.
-- 
Mike | sent from my phone
"""


def test_email_keeps_only_new_text():
    _, turns = parse_interaction({"channel": "email", "raw": EMAIL_REPLY}, PARTY)
    assert len(turns) == 1
    assert turns[0].role is Role.customer
    assert turns[0].text == "Keep it at $500 a month please."
    assert turns[0].at.isoformat() == "2026-03-05T08:12:00-06:00"


def test_outlook_original_message_block_is_history():
    raw = ("From: tom@dealer.example\nTo: mike.alvarez@example.com\nDate: Thu, 05 Mar 2026 09:00:00 -0600\n"
           "Subject: RE: numbers\n\nSee attached.\n\n-----Original Message-----\nFrom: Mike\nSent: Wednesday\n\n$450 max\n")
    _, turns = parse_interaction({"channel": "email", "raw": raw}, PARTY)
    assert [(t.role, t.text) for t in turns] == [(Role.staff, "See attached.")]


def test_forwarded_block_is_attributed_to_its_author_and_time():
    raw = ("From: Mike Alvarez <mike.alvarez@example.com>\nTo: tom@dealer.example\n"
           "Date: Fri, 06 Mar 2026 09:00:00 -0600\nSubject: Fwd: approval\n\nSee below from my credit union.\n\n"
           "---------- Forwarded message ---------\nFrom: Loans <loans@cu.example>\nDate: Thu, Mar 5, 2026 at 4:15 PM\n"
           "Subject: Approved\nTo: mike.alvarez@example.com\n\nYou are pre-approved for up to $40,000.\n")
    _, turns = parse_interaction({"channel": "email", "raw": raw}, PARTY)
    assert turns[0].text.endswith("See below from my credit union.")
    assert turns[1].text == "You are pre-approved for up to $40,000."
    assert turns[1].speaker == "Loans" and turns[1].at.day == 5 and turns[1].at.hour == 16


def test_quoted_printable_multipart_body_is_decoded():
    raw = ("From: mike.alvarez@example.com\nTo: sales@dealer.example\nDate: Fri, 06 Mar 2026 09:00:00 -0600\n"
           "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=XX\n\n--XX\n"
           "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
           "I=E2=80=99d like $2,000 down and the payment under 4=\n50.\n--XX\nContent-Type: text/html\n\n<p>html</p>\n--XX--\n")
    _, turns = parse_interaction({"channel": "email", "raw": raw}, PARTY)
    assert turns[0].text == "I\u2019d like $2,000 down and the payment under 450."


@pytest.mark.parametrize(
    "interaction, message",
    [
        ({"channel": "fax", "text": "hi"}, "unknown channel"),
        ({"channel": "email", "raw": "From: a@b.example\n\nno date"}, "no parseable Date"),
        ({"channel": "call", "started_at": "2026-03-04T10:30:00", "transcript": "Agent: hi"}, "no timezone"),
        ({"channel": "chat", "messages": [{"speaker": "customer", "text": "hi"}]}, "no 'at'"),
        ({"channel": "note", "author": "Tom", "at": "2026-03-04T10:30:00-06:00"}, "needs 'text'"),
        ({"channel": "chat", "started_at": "2026-03-04T10:30:00-06:00", "messages": [{"speaker": "alien", "text": "x"}]},
         "speaker"),
    ],
)
def test_bad_interactions_are_refused_with_a_reason(interaction, message):
    with pytest.raises(IngestError, match=message):
        parse_interaction(interaction, PARTY)


def test_a_dealer_promise_forwarded_by_the_customer_is_marked_forwarded_and_never_a_staff_promise(store):
    from conftest import brief_of, make_case

    raw = ("From: Mike Alvarez <mike.alvarez@example.com>\nTo: sales@hillcountrychevy.example\n"
           "Date: Fri, 06 Mar 2026 09:00:00 -0600\nSubject: Fwd: your deal\n\nSee what your manager promised me.\n\n"
           "---------- Forwarded message ---------\nFrom: Sales Manager <manager@hillcountrychevy.example>\n"
           "Date: Thu, Mar 5, 2026 at 4:15 PM\nSubject: Deal\n\nI'll give you $5,000 over book for your trade.\n")
    _, turns = parse_interaction({"channel": "email", "raw": raw}, PARTY)
    assert turns[1].role is Role.staff and turns[1].forwarded
    case = make_case([{"channel": "email", "raw": raw}],
                     customer={"name": "Mike Alvarez", "email": "mike.alvarez@example.com"})
    assert brief_of(store, case).promises == []
