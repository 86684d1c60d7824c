"""English."""

RESPONSE_CUES = ("reply", "replies", "respond", "response time", "answer within", "answer in",
    "get back to you", "get back", "quote", "free quote", "estimate", "message", "messages", "call back",
    "revert", "response time", "responsive")
TOTAL_AFTER = ("in total", "in all", "overall", "total", "all in", "for everything",
    "for the whole project", "end to end", "altogether")
HORIZON_BEFORE = ("over", "for the next", "over the next", "the next", "covering", "spanning", "for")
HORIZON_AFTER = ("of due dates", "of content", "of posts", "of planning", "of deadlines", "ahead")
PER_UNIT = ("per", "each", "for each", "a piece", "an item")
RESULT_CUES = ("so", "thus", "i.e.", "that is", "which makes", "which is", "in total", "total")
DEADLINE_CUES = (
    "re:by the end of (?:the )?(?:month|week|january|february|march|april|may|june|july|august|september|october|november|december)",
    "re:by (?:the )?\\d{1,2}(?:st|nd|rd|th)", "re:before the \\d{1,2}(?:st|nd|rd|th)?")
Q1_HEADINGS = ("deadline", "re:delivery(?: time)?", "timing", "timeline", "turnaround")
Q2_HEADINGS = ("process", "steps", "approach", "methodology")
Q3_HEADINGS = ("hours per week", "weekly hours", "availability", "hours/week")
Q4_HEADINGS = ("why me", "why choose me", "what i bring", "my added value", "added value", "my strengths",
    "strengths", "about me", "why hire me")
PRESENT_WORK = ("i run", "i manage", "i handle", "i translate", "i transcribe", "i edit", "i proofread",
    "i write", "i design", "i build", "i maintain", "i coordinate", "i teach", "i work on", "i work for",
    "i look after", "i currently", "i format", "i subtitle", "i train")
PAST_ROLE = ("former", "ex-", "previously")
GENERIC_CLAIMS = (
    "re:(?:many|numerous|countless|various) (?:clients|brands|companies|businesses|projects)",
    "similar projects", "all your projects", "from a to z", "any project", "all kinds of projects",
    "100% satisfaction", "re:\\d[\\d,]*\\+? (?:orders|reviews|projects delivered)")
HELPERS = ("husband", "wife", "partner", "sister", "brother", "mother", "father", "mum", "mom", "dad",
    "friend", "cousin", "son", "daughter", "colleague", "assistant", "flatmate", "neighbour", "neighbor")
HELPER_VERBS = ("will do", "will handle", "will proofread", "will review", "will check", "will design",
    "will draw", "will translate", "will take care of", "takes care of", "proofreads", "reviews", "checks",
    "handles", "does", "helps me", "will help me", "is going to")
EXCLUSIVE_WE = ("we have", "we will", "we deliver", "we can", "we'll", "we handle", "we offer",
    "we translate", "we transcribe")
TEAM_VIA = ("thanks to my team", "with my team", "my team and i", "re:my team of \\w+")
OTHER_PROJECT_LEADS = ("your project of", "your project for", "your project to", "your job for",
    "your posting for", "your need for")
