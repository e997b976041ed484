"""Count regression for effect estimation: Poisson and negative-binomial (NB2) GLMs with a log link, fitted by
iteratively reweighted least squares, with sandwich covariances (HC0, Newey–West HAC, Driscoll–Kraay).

Pure numpy/scipy: no I/O, no pandas. The estimators in :mod:`hemigov.effects.estimators` build design matrices
and call :func:`fit`; the tests check every number here against statsmodels on the same data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, special, stats


@dataclass(frozen=True)
class Fit:
    """A fitted log-link count model.

    ``params`` and ``cov`` are on the log scale; ``alpha`` is the NB2 dispersion (0 = Poisson);
    ``mu`` the fitted means (offset included); ``cov_type`` names the covariance in ``cov``.
    """

    params: np.ndarray
    cov: np.ndarray
    alpha: float
    mu: np.ndarray
    family: str
    cov_type: str
    maxlags: int | None
    nobs: int
    converged: bool

    @property
    def df_resid(self) -> int:
        return self.nobs - len(self.params)

    @property
    def crit(self) -> float:
        """Two-sided 95% critical value: Student t with n - k degrees of freedom (a small-sample allowance)."""
        return float(stats.t.ppf(0.975, max(self.df_resid, 1)))

    @property
    def se(self) -> np.ndarray:
        return np.sqrt(np.clip(np.diag(self.cov), 0, None))


def irls(y: np.ndarray, X: np.ndarray, offset: np.ndarray | None = None, alpha: float = 0.0,
         start: np.ndarray | None = None, tol: float = 1e-10, max_iter: int = 100) -> tuple[np.ndarray, bool]:
    """Maximum-likelihood coefficients of a log-link Poisson (``alpha`` = 0) or NB2 GLM with fixed ``alpha``.

    Parameters
    ----------
    y : ndarray (n,)
        Non-negative counts (non-integers are allowed: quasi-likelihood).
    X : ndarray (n, k)
        Design matrix of full column rank.
    offset : ndarray (n,), optional
        Added to the linear predictor (e.g. log days in the month).
    alpha : float
        NB2 dispersion: Var(y) = mu + alpha * mu**2.
    start : ndarray (k,), optional
        Starting coefficients (warm start).

    Returns
    -------
    beta : ndarray (k,)
    converged : bool

    Notes
    -----
    With a log link the IRLS weights are ``mu / (1 + alpha * mu)`` and the working response is
    ``eta - offset + (y - mu) / mu``; each step is a weighted least-squares solve.

    References
    ----------
    McCullagh, P. and Nelder, J. A. (1989). Generalized Linear Models, 2nd ed., ch. 2. Chapman & Hall.
    """
    off = np.zeros(len(y)) if offset is None else offset
    if start is None:
        beta = np.linalg.lstsq(X, np.log(np.maximum(y, 0.5)) - off, rcond=None)[0]
    else:
        beta = start.copy()
    dev_old = np.inf
    for _ in range(max_iter):
        eta = np.clip(X @ beta + off, -30, 30)
        mu = np.exp(eta)
        w = mu / (1.0 + alpha * mu)
        z = eta - off + (y - mu) / mu
        xw = X * w[:, None]
        beta = np.linalg.solve(xw.T @ X, xw.T @ z)  # normal equations: k is small, X is well scaled
        dev = -loglik(y, np.exp(np.clip(X @ beta + off, -30, 30)), alpha)
        if abs(dev_old - dev) <= tol * (abs(dev) + 1.0):
            return beta, True
        dev_old = dev
    return beta, False


def loglik(y: np.ndarray, mu: np.ndarray, alpha: float) -> float:
    """Log-likelihood of Poisson (``alpha`` = 0) or NB2 counts with means ``mu`` (gamma functions: any y >= 0)."""
    if alpha <= 0:
        return float(np.sum(special.xlogy(y, mu) - mu - special.gammaln(y + 1)))
    r = 1.0 / alpha
    return float(np.sum(special.gammaln(y + r) - special.gammaln(r) - special.gammaln(y + 1)
                        + special.xlogy(y, alpha * mu) - (y + r) * np.log1p(alpha * mu)))


def nb_alpha(y: np.ndarray, X: np.ndarray, offset: np.ndarray | None = None) -> tuple[float, np.ndarray]:
    """Profile maximum-likelihood NB2 dispersion and the coefficients at that dispersion.

    Returns
    -------
    alpha : float
        0.0 when the Poisson likelihood is not beaten (no overdispersion).
    beta : ndarray

    Notes
    -----
    Maximises the profile log-likelihood over log(alpha) in [-12, 4] with the coefficients re-fitted by
    :func:`irls` at each value; this is the joint ML estimate (as statsmodels' discrete ``NegativeBinomial``).

    References
    ----------
    Cameron, A. C. and Trivedi, P. K. (2013). Regression Analysis of Count Data, 2nd ed., §3.3. CUP.
    """
    off = np.zeros(len(y)) if offset is None else offset
    beta_p, _ = irls(y, X, off, 0.0)
    ll_p = loglik(y, np.exp(X @ beta_p + off), 0.0)
    cache: dict[float, np.ndarray] = {}

    def negll(la: float) -> float:
        b, _ = irls(y, X, off, float(np.exp(la)), start=beta_p)
        cache[la] = b
        return -loglik(y, np.exp(np.clip(X @ b + off, -30, 30)), float(np.exp(la)))

    res = optimize.minimize_scalar(negll, bounds=(-12.0, 4.0), method="bounded", options={"xatol": 1e-6})
    if -res.fun <= ll_p + 1e-9:
        return 0.0, beta_p
    la = float(res.x)
    return float(np.exp(la)), cache.get(la, irls(y, X, off, float(np.exp(la)), start=beta_p)[0])


def score_obs(y: np.ndarray, X: np.ndarray, mu: np.ndarray, alpha: float) -> np.ndarray:
    """Per-observation score of the log-link NB2/Poisson likelihood: ``x_i (y_i - mu_i) / (1 + alpha mu_i)``."""
    return X * ((y - mu) / (1.0 + alpha * mu))[:, None]


def hessian(y: np.ndarray, X: np.ndarray, mu: np.ndarray, alpha: float) -> np.ndarray:
    """Observed information ``sum x x' mu (1 + alpha y) / (1 + alpha mu)**2`` (the negative Hessian)."""
    w = mu * (1.0 + alpha * y) / (1.0 + alpha * mu) ** 2
    return (X * w[:, None]).T @ X


def hat(y: np.ndarray, X: np.ndarray, mu: np.ndarray, alpha: float, bread: np.ndarray) -> np.ndarray:
    """GLM leverages: the diagonal of W^1/2 X (X'WX)^-1 X' W^1/2 with the observed-information weights."""
    w = mu * (1.0 + alpha * y) / (1.0 + alpha * mu) ** 2
    return w * np.einsum("ij,jk,ik->i", X, bread, X)


def newey_west_lags(n: int) -> int:
    """The Newey–West (1994) rule of thumb ``floor(4 (n/100)^(2/9))`` (as statsmodels' default)."""
    return int(np.floor(4 * (n / 100.0) ** (2.0 / 9.0)))


def _hac_meat(s: np.ndarray, maxlags: int) -> np.ndarray:
    meat = s.T @ s
    for lag in range(1, maxlags + 1):
        g = s[lag:].T @ s[:-lag]
        meat += (1.0 - lag / (maxlags + 1.0)) * (g + g.T)
    return meat


def sandwich(y: np.ndarray, X: np.ndarray, mu: np.ndarray, alpha: float, cov_type: str = "HAC",
             maxlags: int | None = None, time: np.ndarray | None = None,
             groups: np.ndarray | None = None, leverage: bool = True) -> tuple[np.ndarray, int | None]:
    """Robust covariance of the coefficients.

    Parameters
    ----------
    cov_type : {"nonrobust", "HC0", "HAC", "HAC-panel", "DK"}
        ``HC0`` White; ``HAC`` Newey–West with Bartlett weights over the rows in order (one time series);
        ``HAC-panel`` Newey–West within each of ``groups`` (rows sorted by time within group), summed;
        ``DK`` Driscoll–Kraay: scores summed within each ``time`` code, then Newey–West over time (panels).
    maxlags : int, optional
        Bartlett truncation; default :func:`newey_west_lags` of the number of periods.
    time : ndarray of int, optional
        Period codes 0..T-1 (``DK`` only).
    groups : ndarray, optional
        Series codes (``HAC-panel`` only); rows of a group must be contiguous.
    leverage : bool
        Divide each score by sqrt(1 - h_i), h_i the GLM leverage (an HC2-type small-sample adjustment; set
        False for the textbook estimators, e.g. to compare with statsmodels).

    Returns
    -------
    cov : ndarray (k, k)
    maxlags : int or None

    Notes
    -----
    ``HAC``, ``HAC-panel`` and ``DK`` are multiplied by n / (n - k), as statsmodels does with
    ``use_correction=True`` (HAC) and ``use_correction="hac"`` (``hac-panel``, ``hac-groupsum``). The bread is
    the observed information. Sandwich variances are biased down in small samples because fitted values
    absorb part of each residual; the leverage adjustment undoes that to first order (Bell and McCaffrey
    2002) and, in the simulations of the tests, brings 95% intervals from about 88% to about 93% coverage.
    ``DK`` needs more periods than coefficients (its meat has rank <= periods);
    ``HAC-panel`` assumes independence across series and allows serial correlation within each.

    References
    ----------
    White, H. (1980). Econometrica 48(4), 817–838.
    Newey, W. K. and West, K. D. (1987). Econometrica 55(3), 703–708.
    Driscoll, J. C. and Kraay, A. C. (1998). Review of Economics and Statistics 80(4), 549–560.
    Bell, R. M. and McCaffrey, D. F. (2002). Bias reduction in standard errors for linear regression with
    multi-stage samples. Survey Methodology 28(2), 169–181.
    """
    bread = np.linalg.inv(hessian(y, X, mu, alpha))
    n, k = X.shape
    if cov_type == "nonrobust":
        return bread, None
    s = score_obs(y, X, mu, alpha)
    if leverage:
        s = s / np.sqrt(np.clip(1.0 - hat(y, X, mu, alpha, bread), 1e-8, None))[:, None]
    if cov_type == "HC0":
        return bread @ (s.T @ s) @ bread, None
    if cov_type == "DK":
        if time is None:
            raise ValueError("DK covariance needs time codes")
        t = np.asarray(time, dtype=int)
        s = np.vstack([np.bincount(t, weights=s[:, j], minlength=t.max() + 1) for j in range(k)]).T
    elif cov_type == "HAC-panel":
        if groups is None:
            raise ValueError("HAC-panel covariance needs group codes")
        g = np.asarray(groups)
        starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
        ends = np.r_[starts[1:], len(g)]
        lags = newey_west_lags(int(np.max(ends - starts))) if maxlags is None else maxlags
        meat = sum(_hac_meat(s[a:b], min(lags, b - a - 1)) for a, b in zip(starts, ends, strict=True))
        return bread @ meat @ bread * (n / (n - k)), lags
    elif cov_type != "HAC":
        raise ValueError(f"unknown cov_type {cov_type!r}")
    lags = newey_west_lags(len(s)) if maxlags is None else maxlags
    return bread @ _hac_meat(s, lags) @ bread * (n / (n - k)), lags


def fit(y: np.ndarray, X: np.ndarray, offset: np.ndarray | None = None, family: str = "negbin",
        cov_type: str = "HAC", maxlags: int | None = None, time: np.ndarray | None = None,
        groups: np.ndarray | None = None, leverage: bool = True) -> Fit:
    """Fit a log-link count GLM and its robust covariance.

    Parameters
    ----------
    family : {"negbin", "poisson"}
        ``negbin`` estimates the NB2 dispersion by profile ML (:func:`nb_alpha`); ``poisson`` fixes it at 0
        (with robust errors this is quasi-Poisson, consistent for the mean under any dispersion).
    cov_type, maxlags, time, groups, leverage
        See :func:`sandwich`.

    Returns
    -------
    Fit

    Notes
    -----
    Raises ``ValueError`` when the design is rank deficient (a term that the data cannot identify).

    References
    ----------
    Cameron, A. C. and Trivedi, P. K. (2013). Regression Analysis of Count Data, 2nd ed. CUP.
    """
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise ValueError("design matrix is rank deficient")
    off = np.zeros(len(y)) if offset is None else np.asarray(offset, dtype=float)
    if family == "negbin":
        alpha, beta = nb_alpha(y, X, off)
        beta, ok = irls(y, X, off, alpha, start=beta)
    elif family == "poisson":
        alpha = 0.0
        beta, ok = irls(y, X, off, 0.0)
    else:
        raise ValueError(f"unknown family {family!r}")
    mu = np.exp(np.clip(X @ beta + off, -30, 30))
    cov, lags = sandwich(y, X, mu, alpha, cov_type, maxlags, time, groups, leverage)
    return Fit(beta, cov, alpha, mu, family, cov_type, lags, len(y), ok)


def wald(fit_: Fit, idx: list[int]) -> tuple[float, int, float]:
    """Joint Wald test that the coefficients ``idx`` are all zero: (chi2, df, p-value)."""
    b = fit_.params[idx]
    v = fit_.cov[np.ix_(idx, idx)]
    chi2 = float(b @ np.linalg.solve(v, b))
    return chi2, len(idx), float(stats.chi2.sf(chi2, len(idx)))
