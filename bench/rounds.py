"""The rounds of bench/score.sh and bench/recon.sh: each figure is a comma-separated value per round,
reported as its median with its range beside it (one run on two cores is one draw from a wide spread)."""
import statistics


def runs(csv):
    """The rounds' values of one figure, from the script's comma-separated list."""
    return [float(x) for x in csv.split(",")]


median = statistics.median


def spread(values):
    """The range of a figure's rounds, empty for a single round."""
    return "" if len(values) == 1 else f"{min(values):.1f}–{max(values):.1f}"
