"""The planner's one cache policy, for work that depends on a programme.

`memo(size)` memoises a function whose first argument is an immutable model (a Programme)
and whose other arguments are hashable values. Every such cache of the planner is one:

- bounded: past `size` entries the least recently used one goes, and each use says why
  its size is what it is;
- shared by every session of the app, so safe between threads: a lock guards the table,
  while the work itself runs outside it (two sessions asking at once may each compute the
  entry; both results are right), and what it returns must be immutable;
- the model compared by identity, not by value: hashing and comparing a programme's every
  field on each call would cost more than much of the work saved. An entry holds the model
  itself, so its id cannot be given to another object while the entry lives, and an edited
  copy (the same programme id, another object) never gets the original's result.

What is not a memo, and why: a pure function of small hashable values (a number's text,
a grade's exact fraction) uses `functools.lru_cache(maxsize=...)`, the same policy from
the standard library, where hashing the values costs nothing; what is read once per
process (a language's message catalogue, the PDF font's glyphs) uses `functools.cache`,
bounded by nature (two languages, one font); a lookup table of one model
(`Programme.course()`, `.absences`) is a `cached_property`, valid as long as that
immutable model and dropped from its copies (planner.frozen.Frozen.model_copy).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

Model = TypeVar("Model")
Args = ParamSpec("Args")
Result = TypeVar("Result")

Memoised = Callable[Concatenate[Model, Args], Result]


def memo(size: int) -> Callable[[Memoised[Model, Args, Result]], Memoised[Model, Args, Result]]:
    """A bounded, thread-safe memo of a function of (model, hashable values...)."""
    if size < 1:
        raise ValueError(f"a memo holds at least one entry, not {size}")

    def decorate(function: Memoised[Model, Args, Result]) -> Memoised[Model, Args, Result]:
        table: OrderedDict[Hashable, tuple[Model, Result]] = OrderedDict()
        lock = threading.Lock()

        @wraps(function)
        def memoised(model: Model, /, *args: Args.args, **kwargs: Args.kwargs) -> Result:
            key = (id(model), args, tuple(sorted(kwargs.items())))
            with lock:
                # The entry holds its model, so an entry under this id is for this model.
                if (hit := table.get(key)) is not None:
                    table.move_to_end(key)
                    return hit[1]
            result = function(model, *args, **kwargs)
            with lock:
                table[key] = (model, result)
                table.move_to_end(key)
                while len(table) > size:
                    table.popitem(last=False)
            return result

        return memoised

    return decorate
