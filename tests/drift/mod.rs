//! Drift stage: profiles, PSI, Jensen–Shannon and KS against NumPy/SciPy (fixture of
//! `tools/make_eval_fixtures.py`), and the ranked report on a feature matrix.
mod reference;
mod report;
