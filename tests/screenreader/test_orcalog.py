"""Reading Orca's debug log: the format is Orca's own, so it is pinned here on lines it wrote."""

from tests.support.orcalog import Utterance, utterances

LOG = """\
01:20:49.114923 - SPEECH GENERATOR: default voice requested with language='ar', dialect='None'
01:20:49.608509 - SPEECH OUTPUT: 'Finished loading Hello test.'{'established': False}
01:20:49.712749 - WEB SAY ALL: [heading | Big heading] 'Big heading' (0-11, current: 0)
01:20:49.716748 - SPEECH OUTPUT: 'Big heading'
01:20:49.716749 - INFO: something else
01:20:58.189578 - SPEECH OUTPUT: 'h ' {'established': False}
01:44:01.338190 - SPEECH OUTPUT: 'Previous
Does it help with MS? link.'{'established': False}
01:20:49.114923 - SPEECH GENERATOR: default voice requested with language='None', dialect='None'
01:44:02.328150 - SPEECH OUTPUT: 'It's here.'
01:44:02.328150 - SPEECH OUTPUT: ''
"""


def test_utterances_with_their_role_and_language():
    assert utterances(LOG) == [
        Utterance("Finished loading Hello test.", "", "ar"),
        Utterance("Big heading", "heading", "ar"),
        Utterance("h", "", "ar"),
        Utterance("Previous Does it help with MS? link.", "", "ar"),
        Utterance("It's here.", "", ""),
    ]
