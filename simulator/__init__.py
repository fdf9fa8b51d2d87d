"""The Bot API simulator (docs/simulator.md): Telegram's semantics and limits, Bale's differences, faults,
and a control API to play users. The demo, the end-to-end tests and the benchmarks run the bot on it."""

from __future__ import annotations

from simulator.client import Sent, SimButton, SimMessage, SimulatorClient, SimulatorError, SimUser
from simulator.server import Simulator, serve_simulator
from simulator.world import BOT_USERNAME, SIMULATOR_TOKEN, Mode

__all__ = [
    "BOT_USERNAME",
    "SIMULATOR_TOKEN",
    "Mode",
    "Sent",
    "SimButton",
    "SimMessage",
    "SimUser",
    "Simulator",
    "SimulatorClient",
    "SimulatorError",
    "serve_simulator",
]
