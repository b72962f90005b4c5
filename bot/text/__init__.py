"""Reading people's words about time: task deadlines and meeting schedules, in English and Chinese.

``lexicon`` holds the words both grammars share (weekday and month names, number words, Chinese numerals) and the
text normalisation (full-width folding, tidying); ``zones`` the time zones and plain calendar arithmetic;
``reading`` what the two deadline grammars share (the speaker's clock, the result of a match, working hours,
"next such day" roll-over); ``english`` and ``chinese`` the deadline grammars themselves; ``deadlines`` the public
deadline API (``parse_deadline``, ``split_deadline``, ``parse_time_of_day``, ``warm_up``) with the dateparser
fallback and the "not understood" report; ``recurrence`` the ``Recurrence`` value and its occurrences; ``rules``
the meeting-rule grammar (``parse_meeting``); ``describe`` a recurrence in words.  Import from the module itself:
this package re-exports nothing.
"""
