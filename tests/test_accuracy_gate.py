"""The accuracy gate: the engine must stay at or above the floors pinned in benchmarks/floors.json on
the seed gold file, the first 300 ACLED development notes, the PLOVER gold sentences and the CAMEO
multi-coder sentences."""

from redline.evaluate import check_floors, load_floors, run
from redline.evaluate.engine import engine_extractor
from tests.conftest import BENCH, ROOT, need_shared


def test_accuracy_gate_engine_meets_pinned_floors(pipeline):
    from redline.extract.engine import Extractor

    need_shared(BENCH)
    floors = load_floors(ROOT / "benchmarks" / "floors.json")
    results = run(["seeds", "acled", "plover", "cameo"], engine_extractor(Extractor.load(), pipeline), BENCH, limit=300)
    assert check_floors(results, floors) == []
