"""`tutor quiz` (interactive, or --json to print a quiz) and `tutor grade` (one answer, --json)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from app.cli.base import app, console, fail, friendly_errors, make_services, out
from app.learning.quiz import option_order, public_question


@app.command()
def quiz(
    stage: Annotated[int | None, typer.Option(min=1, max=5, help="Quiz on this stage.")] = None,
    section: Annotated[str | None, typer.Option(help="Quiz on this roadmap section.")] = None,
    due: Annotated[bool, typer.Option("--due", help="Only questions due for review.")] = False,
    count: Annotated[int, typer.Option(min=1, max=50, help="Number of questions.")] = 5,
    fresh: Annotated[int, typer.Option(min=0, max=5, help="Also generate this many new, verified questions.")] = 0,
    learner: Annotated[str, typer.Option(help="Whose progress to use and record.")] = "default",
    as_json: Annotated[bool, typer.Option("--json", help="Print the quiz (no keys) and exit.")] = False,
) -> None:
    """A quiz on a stage, a section or what is due; answers are graded and saved as you go."""
    services = make_services()
    roadmap = services.corpus.roadmap
    if section and roadmap.canonical_section(section) is None:
        fail(f"unknown section {section!r}; sections are: {', '.join(roadmap.section_names)}")
    section = roadmap.canonical_section(section)
    with friendly_errors():
        if as_json:  # no grading happens, so no embedding model is needed
            from app.learning.quiz import QuizService

            service = QuizService(services.corpus, services.progress, embed=None)
            quiz_ = service.start(learner, count, stage, section, due)
            print(json.dumps([public_question(q, services.corpus) for q in quiz_.questions], ensure_ascii=False))
            return
        quiz_ = services.quiz.start(learner, count, stage, section, due)
        if fresh:
            log = services.settings.data_dir / "generated_questions.jsonl"
            console.print(f"generating {fresh} fresh question(s); drafts and verdicts are logged to {log}")
            added = services.quiz.add_fresh(quiz_, fresh, services.llm, log)
            console.print(f"{len(added)} of {fresh} fresh question(s) passed verification")
        if not quiz_.questions:
            fail("no questions in that scope" + (" are due for review" if due else ""), code=1)
        score = 0.0
        for i, q in enumerate(quiz_.questions, 1):
            out.print(f"\n[bold]Question {i}/{len(quiz_.questions)}[/] ({q.type.replace('_', ' ')})")
            out.print(q.question, markup=False, highlight=False)
            order = option_order(quiz_.session_id, q.id)  # shuffled per quiz
            for letter, index in zip("ABCD", order if q.options else [], strict=False):
                out.print(f"  {letter}. {q.options[index]}", markup=False, highlight=False)
            hint = "A-D" if q.type == "mcq" else "true/false" if q.type == "true_false" else "your answer"
            try:
                answer = input(f"{hint}> ").strip()
            except EOFError:
                console.print("\nstopped; the answers so far are saved")
                raise typer.Exit(0) from None
            while not answer:
                try:
                    answer = input(f"{hint} (an empty answer is not graded)> ").strip()
                except EOFError:
                    console.print("\nstopped; the answers so far are saved")
                    raise typer.Exit(0) from None
            if q.type == "mcq" and len(answer) == 1 and answer.upper() in "ABCD":
                answer = order["ABCD".index(answer.upper())]  # the shown letter -> the bank's option
            feedback = services.quiz.answer(quiz_, q, answer)
            score += feedback.grade.score
            colour = {"correct": "green", "partially_correct": "yellow"}.get(feedback.verdict, "red")
            out.print(f"[{colour}]{feedback.verdict.replace('_', ' ')}[/]")
            out.print(feedback.feedback, markup=False, highlight=False)
        out.print(f"\nScore: {score:g}/{len(quiz_.questions)}. Progress saved for {learner}.")


@app.command()
def grade(
    question_id: Annotated[str, typer.Option(help="A question id from the bank (see `tutor quiz --json`).")],
    answer: Annotated[str, typer.Option(help="The answer: option letter or text, true/false, or free text.")],
    learner: Annotated[str | None, typer.Option(help="Record the attempt for this learner.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Grade one answer to one question."""
    services = make_services()
    question = services.corpus.questions_by_id.get(question_id)
    if question is None:
        fail(f"no question with id {question_id!r}")
    if not answer.strip():
        fail("empty answer: nothing to grade (and nothing is saved)")
    with friendly_errors():
        service = services.quiz
        feedback = service.answer(learner, question, answer) if learner else service.grade(question, answer)
    if as_json:
        print(json.dumps(feedback.to_json(), ensure_ascii=False))
    else:
        out.print(f"{feedback.verdict}: {feedback.feedback}", markup=False, highlight=False)
