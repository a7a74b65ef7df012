import time

import lightgbm as lgb
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(500_000, 40))
y = (X[:, 0] + rng.normal(size=500_000) > 0).astype(int)
for threads in (1, 2, 4, 8):
    model = lgb.LGBMClassifier(n_estimators=200, n_jobs=threads, verbose=-1)
    start = time.perf_counter()
    model.fit(X, y)
    print(f"{threads} threads: {time.perf_counter() - start:.1f}s")
