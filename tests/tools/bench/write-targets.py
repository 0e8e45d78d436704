#!/usr/bin/env python3
"""Prepares the data files of the wrk write scripts (tests/tools/bench/wrk/)
from a running node: a teacher's lessons of the week before with their
students (roll calls), the teacher's evaluations with their students (grade
entry), a conversation of the teacher with a parent (messages), and student
logins read from the database (sign-ins). Each file is Lua defining globals.

  write-targets.py --base URL --teacher-token T --parent-id N --monday YYYY-MM-DD
                   --database FILE --password P --out DIR
"""
import argparse
import json
import sqlite3
import sys
import urllib.request

MAX_LESSONS = 20
MAX_EVALUATIONS = 20
MAX_LOGINS = 1000


def call(base, token, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


def lua_list(values):
    return "{" + ",".join(str(value) for value in values) + "}"


def lessons(base, token, monday):
    week = call(base, token, "GET", "/api/v1/timetable/week?monday=" + monday)
    out = []
    for lesson in week["items"]:
        if lesson["cancelled"]:
            continue
        path = "/api/v1/timetable/lessons/%d/roll-calls/%s" % (lesson["lesson_id"], lesson["date"])
        students = [row["student_id"] for row in call(base, token, "GET", path)["students"]]
        if students:
            out.append('{id=%d,date="%s",students=%s}' %
                       (lesson["lesson_id"], lesson["date"], lua_list(students)))
    return out[:MAX_LESSONS]


def evaluations(base, token):
    out = []
    for evaluation in call(base, token, "GET", "/api/v1/evaluations")["items"]:
        grid = call(base, token, "GET", "/api/v1/evaluations/%d" % evaluation["id"])
        students = [row["student_id"] for row in grid["scores"]]
        if students and float(grid["out_of"]).is_integer():
            out.append("{id=%d,out_of=%d,students=%s}" %
                       (evaluation["id"], int(grid["out_of"]), lua_list(students)))
        if len(out) == MAX_EVALUATIONS:
            break
    return out


def conversation(base, token, parent_id):
    started = call(base, token, "POST", "/api/v1/conversations", {
        "subject": "Suivi de la semaine",
        "recipients": [parent_id],
        "text": "Bonjour, je vous écris au sujet du travail de la semaine.",
    })
    return started["conversation_id"]


def logins(database):
    with sqlite3.connect("file:%s?mode=ro" % database, uri=True) as db:
        rows = db.execute(
            "SELECT u.login FROM users u JOIN user_roles r ON r.user_id = u.id "
            "WHERE r.role = 'student' ORDER BY u.id LIMIT ?", (MAX_LOGINS,))
        return ['"%s"' % row[0] for row in rows]


def write(path, text):
    with open(path, "w", encoding="utf-8") as out:
        out.write(text + "\n")


def main():
    parser = argparse.ArgumentParser()
    for name in ("base", "teacher-token", "monday", "database", "password", "out"):
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--parent-id", type=int, required=True)
    args = parser.parse_args()
    token = 'token="%s"\n' % args.teacher_token
    found = lessons(args.base, args.teacher_token, args.monday)
    if not found:
        sys.exit("write-targets.py: the teacher gives no lesson in the week of " + args.monday)
    write(args.out + "/roll-call.data.lua", token + "lessons={" + ",\n".join(found) + "}")
    found = evaluations(args.base, args.teacher_token)
    if not found:
        sys.exit("write-targets.py: the teacher has no evaluation with students")
    write(args.out + "/grade-entry.data.lua", token + "evaluations={" + ",\n".join(found) + "}")
    write(args.out + "/message.data.lua",
          token + "conversation=%d" % conversation(args.base, args.teacher_token, args.parent_id))
    write(args.out + "/sign-in.data.lua",
          'password="%s"\nlogins={%s}' % (args.password, ",".join(logins(args.database))))


if __name__ == "__main__":
    main()
