"""Programme documents as a person builds them in the app (« My programme »): realistic
French names, hours and ECTS, a weighted mean with a course floor per unit, and a
compensation group. Shared by the tests of planner.own and of the plans that carry one."""

from __future__ import annotations

# Course names of an M2 in mathematics, about 30 characters each, as a student types them.
SUBJECTS = (
    "Statistique bayésienne avancée",
    "Apprentissage par renforcement",
    "Processus stochastiques appliqués",
    "Optimisation convexe et dualité",
    "Séries temporelles et prévision",
    "Analyse de données fonctionnelles",
    "Modèles graphiques probabilistes",
    "Méthodes de Monte-Carlo avancées",
    "Théorie de l'information appliquée",
    "Réseaux de neurones profonds",
    "Estimation non paramétrique",
    "Calcul stochastique et finance",
    "Traitement statistique du signal",
    "Apprentissage statistique en grande dimension",
    "Inférence causale et économétrie",
    "Géométrie de l'information",
    "Analyse de survie et fiabilité",
    "Statistique spatiale et géostatistique",
    "Algorithmes d'optimisation stochastique",
    "Modèles de mélange et classification",
)


def own_document(
    units: int = 8, per_unit: int = 5, programme_id: str = "m2-mathematiques-appliquees-lyon"
) -> dict[str, object]:
    """A programme document of `units` units of `per_unit` courses each (3 to 6 ECTS, CM and
    TD hours), each unit a weighted mean by ECTS ≥ 10 with a course floor of 7, every unit
    in one compensation group by ECTS: what the app's page builds."""
    courses, unit_list, rules = [], [], []
    for u in range(units):
        unit_id = f"ue-{u + 1}"
        ids = []
        for c in range(per_unit):
            n = u * per_unit + c
            course_id = f"ue{u + 1}-ec{c + 1}"
            ids.append(course_id)
            courses.append(
                {
                    "id": course_id,
                    "name": f"{SUBJECTS[n % len(SUBJECTS)]} {n // len(SUBJECTS) + 1}",
                    "ects": {"value": 3 + n % 4, "status": "published"},
                    "lecture_hours": {"value": 12 + 3 * (n % 5), "status": "published"},
                    "tutorial_hours": {"value": 6 + 2 * (n % 4), "status": "published"},
                }
            )
        unit_list.append(
            {
                "id": unit_id,
                "name": f"UE {u + 1} — Approfondissements du semestre {1 + u * 2 // units}",
                "semester": f"S{3 + u * 2 // units}",
                "ects": {"value": 3 * per_unit + 5, "status": "published"},
                "courses": ids,
            }
        )
        rules.append(
            {
                "unit": unit_id,
                "kind": "weighted_mean",
                "weights": "ects",
                "threshold": 10,
                "course_floor": 7,
                "status": "published",
            }
        )
    return {
        "format_version": 3,
        "origin": "entered",
        "id": programme_id,
        "name": "M2 Mathématiques appliquées et statistique",
        "institution": "Université Claude Bernard Lyon 1",
        "academic_year": "2026-2027",
        "source": {"document": "mcc-2026.pdf", "title": "MCC du M2 MAS, 2026-2027"},
        "grade_scale": {"max": 20, "status": "published"},
        "courses": courses,
        "units": unit_list,
        "rules": {
            "status": "published",
            "units": rules,
            "compensation": [
                {
                    "units": [u["id"] for u in unit_list],
                    "weights": "ects",
                    "threshold": 10,
                    "unit_floor": 7,
                }
            ],
        },
    }


def every_grade(document: dict[str, object]) -> dict[str, float]:
    """A grade for every course, with one decimal, as a student enters them."""
    courses = document["courses"]
    assert isinstance(courses, list)
    return {c["id"]: 8 + (i * 37 % 90) / 10 for i, c in enumerate(courses)}
