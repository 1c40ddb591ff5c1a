"""Commands that need no GL: --list, trace, bench sim and bench basin."""

from __future__ import annotations

import time

import numpy as np

from engine.maths.optim import optimizer_class, optimizer_names
from engine.maths.surfaces import make_surface, surface_class, surface_names
from engine.model.balls import BallSpec
from engine.model.overrides import Overrides
from engine.model.scene import SceneError, load_scene, make_simulation, scene_names
from engine.model.simulation import Simulation
from engine.model.status import Status
from engine.support.errors import UsageError
from engine.support.files import OutputError, atomic_file
from engine.support.i18n import languages


def list_everything() -> int:
    print("Scenes:")
    for name in scene_names():
        try:
            title = load_scene(name).title
        except SceneError as exc:
            title = f"(broken: {exc})"
        print(f"  {name:18s} {title}")
    print("Landscapes:")
    for name in surface_names():
        cls = surface_class(name)
        print(f"  {name:18s} {cls.description}")
    print("Optimizers:")
    for name in optimizer_names():
        cls = optimizer_class(name)
        defaults = ", ".join(f"{k}={v:g}" for k, v in cls.defaults.items())
        print(f"  {name:18s} {cls.title}: {defaults}")
    print("Languages:")
    for code, name in languages():
        print(f"  {code:18s} {name}")
    return 0


#: The most steps ``trace`` runs: up to 16 million rows, about 1.3 GB of CSV.
MAX_TRACE_STEPS = 1_000_000


def trace_rows(sim: Simulation, steps: int):
    """CSV lines of every ball at every step, step 0 included, exact
    float64; yielded a step at a time so any length streams in bounded
    memory."""
    yield "ball,step,x,y,loss,status,lr\n"

    def rows(step: int) -> str:
        loss = sim.loss
        lr = sim.lr_in_force()   # the rate the ball's next step uses (a schedule changes it)
        return "".join(f"{i},{step},{float(sim.pos[0, i])!r},{float(sim.pos[1, i])!r},"
                       f"{float(loss[i])!r},{Status(int(sim.status[i])).trace_name},"
                       f"{float(lr[i])!r}\n"
                       for i in range(sim.n))

    yield rows(0)
    for step in range(1, steps + 1):
        sim.step(1)  # stopped balls stay where they are, with their status
        yield rows(step)


def trace(args) -> int:
    if args.steps > MAX_TRACE_STEPS:
        raise UsageError(f"--steps: {args.steps:,d} is more than the most, {MAX_TRACE_STEPS:,d}")
    scene = Overrides.from_options(args).load()
    sim = make_simulation(scene, record_paths=False)
    lines = trace_rows(sim, args.steps)
    if not args.out:
        import sys
        try:
            sys.stdout.writelines(lines)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader (head, less) stopped early: not an error
            import os
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    try:  # checked before the first step is taken; written whole or not at all
        with atomic_file(args.out, "w", encoding="utf-8", newline="") as stream:
            stream.writelines(lines)
    except OutputError as exc:
        raise UsageError(f"--out: {exc}") from None
    return 0


def bench(args) -> int:
    if args.what == "frames":
        from engine.shell.offscreen import bench_frames
        return bench_frames(args)
    if args.what == "basin":
        return bench_basin()
    if args.what == "attract":
        from engine.shell.attract_day import attract_day
        attract_day(args.hours)
        return 0
    if args.what == "soak":
        from engine.shell.soak import soak
        figures = soak(args.minutes, seed=args.seed)
        return 1 if figures["gl_errors"] or figures["exceptions"] else 0
    return bench_sim(args.seconds)


def bench_sim(seconds: float, rounds: int = 5) -> int:
    """Ball-steps per second for Adam on the default landscape.

    Balls that stop are dropped at new random starts between timed chunks.
    A ball that starts on a minimum stops there some forty steps in, so the
    rest of its chunk steps a simulation with a few balls standing still,
    which costs a little more per ball (they are stepped and put back). The
    100,000-ball case is therefore measured twice: as a simulation runs
    (those chunks included) and with every timed step stepping every ball
    (new starts as soon as a ball stops).

    The time is shared out over ``rounds`` rounds, each giving a rate; the
    median round is the figure, with the slowest and fastest beside it: on
    a busy machine the median moves less than a total would.
    """
    surface = make_surface("saddle")
    print("Simulation throughput: Adam (lr 0.01) on 'saddle', one core, paths not recorded")
    for n, every_ball in ((1, False), (1_000, False), (100_000, False), (100_000, True)):
        balls = [BallSpec(optimizer="adam", hyper={"lr": 0.01}) for _ in range(n)]
        sim = Simulation(surface, balls, seed=1, record_paths=False)
        sim.step(3)  # warm caches and scratch arrays
        chunk = 1 if every_ball else max(10, min(2_000, 200_000 // n))
        rates, per_step = [], []
        for _ in range(rounds):
            ball_steps, elapsed = 0, 0.0
            while elapsed < seconds / rounds:
                if not np.all(sim.running):
                    sim.reset()
                before = int(sim.steps.sum())
                start = time.perf_counter()
                taken = sim.step(chunk)
                spent = time.perf_counter() - start
                elapsed += spent
                ball_steps += int(sim.steps.sum()) - before
                if taken:
                    per_step.append(spent / taken)
            rates.append(ball_steps / elapsed)
        rates.sort()
        median = sorted(per_step)[len(per_step) // 2] if per_step else float("nan")
        label = f"{n:>7,d} balls" + (", every one running" if every_ball else "")
        print(f"  {label}: median {rates[len(rates) // 2] / 1e6:7.2f} million ball-steps/s "
              f"(rounds {rates[0] / 1e6:.2f} to {rates[-1] / 1e6:.2f}; "
              f"median {median * 1e6:,.1f} µs per step)")
    return 0


def bench_basin(repeats: int = 5) -> int:
    """Seconds to compute the default scene's basin map at 256 x 256 starts.

    Wall-clock time is the figure (what a visitor waits); the processor
    time beside it, summed over the worker threads, shows how much of a
    slow run was the machine being busy with something else.
    """
    from engine.model.basin import DEFAULT_RESOLUTION, WORKERS, BasinJob
    scene = load_scene("default")
    ball = scene.balls[0]
    surface = scene.make_surface()
    n = DEFAULT_RESOLUTION
    print(f"Basin map of 'default': {ball.optimizer}, lr {ball.hyper.get('lr')}, "
          f"{n} x {n} starts, {WORKERS} worker thread{'s' if WORKERS > 1 else ''}")
    BasinJob(surface, ball.optimizer, dict(ball.hyper), resolution=32).run()  # warm up
    times, cpu = [], []
    for _ in range(repeats):
        before = time.process_time()
        result = BasinJob(surface, ball.optimizer, dict(ball.hyper), resolution=n).run()
        cpu.append(time.process_time() - before)
        times.append(result.seconds)
    shares = ", ".join(f"{m.label} {result.share(k):.1%}" for k, m in enumerate(surface.minima))
    order = sorted(times)
    print(f"  median {order[len(order) // 2]:.3f} s (runs {order[0]:.3f} to {order[-1]:.3f}; "
          f"processor time median {sorted(cpu)[len(cpu) // 2]:.3f} s), "
          f"{result.steps} steps; {shares}")
    return 0
