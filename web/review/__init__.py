"""The trainer review: sign-in for trainers, conversation list, transcripts, comments, corrections,
progress, groups and trainees, exports and the audit log. One module per screen; routes in
:mod:`web.review.routes`.
"""
