#!/usr/bin/env python3
"""A tiny Garrison bot in Python, speaking JSON lines on stdin/stdout (docs/bots-stdio.md).

It spins its radar, turns its gun toward the last enemy it saw and fires when lined up.
"""
import json
import sys


def norm180(angle):
    angle %= 360
    return angle - 360 if angle > 180 else angle


target = None  # (bearing, tick) of the last enemy scanned

for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "roundStart":
        target = None  # a new round: forget the last one; no answer is expected
        continue
    if message["type"] != "tick":
        continue
    me = message["self"]
    for event in message["events"]:
        if event["type"] == "scan":
            target = (event["bearing"], message["tick"])
    intent = {"speed": 6, "bodyTurn": 4, "radarTurn": 45}
    if target and message["tick"] - target[1] < 8:
        gap = norm180(target[0] - me["turret"] - 4)  # the body turns 4° under the turret
        intent["turretTurn"] = max(-30, min(30, gap))
        if abs(gap) < 5 and me["gunHeat"] == 0:
            intent["fire"] = 1.5
    intent["debug"] = "target %.0f°" % target[0] if target else "searching"
    print(json.dumps(intent), flush=True)  # exactly one line per tick, flushed
