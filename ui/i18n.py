"""Every UI string in English and French. Course and unit names stay as published."""

from __future__ import annotations

from planner.messages import Lang, plural_form

TEXTS: dict[str, dict[Lang, str]] = {
    "app_title": {"en": "M2 year planner", "fr": "Planificateur d'année de M2"},
    "app_short_title": {"en": "M2 planner", "fr": "Planificateur M2"},
    "page_plan": {"en": "Plan", "fr": "Parcours"},
    # Month abbreviations, as each language writes them in dates.
    "month_1": {"en": "Jan", "fr": "janv."},
    "month_2": {"en": "Feb", "fr": "févr."},
    "month_3": {"en": "Mar", "fr": "mars"},
    "month_4": {"en": "Apr", "fr": "avr."},
    "month_5": {"en": "May", "fr": "mai"},
    "month_6": {"en": "Jun", "fr": "juin"},
    "month_7": {"en": "Jul", "fr": "juil."},
    "month_8": {"en": "Aug", "fr": "août"},
    "month_9": {"en": "Sep", "fr": "sept."},
    "month_10": {"en": "Oct", "fr": "oct."},
    "month_11": {"en": "Nov", "fr": "nov."},
    "month_12": {"en": "Dec", "fr": "déc."},
    "your_choices": {"en": "Your choices", "fr": "Vos choix"},
    "your_year": {"en": "Your year", "fr": "Votre année"},
    "page_grades": {"en": "Grades", "fr": "Notes"},
    "page_catalogue": {"en": "Catalogue", "fr": "Catalogue"},
    "page_calendar": {"en": "Calendar", "fr": "Calendrier"},
    "language": {"en": "Language", "fr": "Langue"},
    "programme": {"en": "Programme", "fr": "Formation"},
    "track": {"en": "Track", "fr": "Régime"},
    "option": {"en": "Option", "fr": "Option"},
    "choose_programme": {"en": "Choose a programme", "fr": "Choisir une formation"},
    "choose_track": {"en": "Choose a track", "fr": "Choisir un régime"},
    "choose_option": {"en": "Choose an option", "fr": "Choisir une option"},
    "reset": {"en": "Reset everything", "fr": "Tout réinitialiser"},
    "reset_done": {"en": "Everything was reset.", "fr": "Tout a été réinitialisé."},
    "empty_programme": {
        "en": "Start by choosing your programme in the sidebar.",
        "fr": "Commencez par choisir votre formation dans la barre latérale.",
    },
    "empty_track_option": {
        "en": "Now choose your {missing} in the sidebar.",
        "fr": "Choisissez maintenant votre {missing} dans la barre latérale.",
    },
    "and": {"en": "and", "fr": "et"},
    "source": {"en": "Source", "fr": "Source"},
    "assumed_rules": {
        "en": "Assumed rules. {note}",
        "fr": "Règles supposées. {note}",
    },
    "assumed_scale": {
        "en": "Grade scale /{max} assumed (not published).",
        "fr": "Barème /{max} supposé (non publié).",
    },
    # Share and save
    "share_and_save": {"en": "Share and save", "fr": "Partager et enregistrer"},
    "open_saved": {"en": "Open a saved plan", "fr": "Ouvrir un parcours enregistré"},
    "share_link": {
        "en": "Link to this exact plan (grades included): copy it to keep or send it.",
        "fr": "Lien vers ce parcours exact (notes comprises) : copiez-le pour le garder ou "
        "l'envoyer.",
    },
    "download_json": {"en": "Download the plan (JSON)", "fr": "Télécharger le parcours (JSON)"},
    "download_pdf": {
        "en": "Download the one-page summary (PDF)",
        "fr": "Télécharger le résumé d'une page (PDF)",
    },
    "prepare_pdf": {
        "en": "Prepare a one-page summary (PDF)",
        "fr": "Préparer un résumé d'une page (PDF)",
    },
    "upload": {
        "en": "Open a saved plan (JSON, {kb} KB at most)",
        "fr": "Ouvrir un parcours enregistré (JSON, {kb} Ko au plus)",
    },
    "file_not_json": {"en": "not a .json file", "fr": "ce n'est pas un fichier .json"},
    "upload_help": {
        "en": "A file downloaded from this app, or read by `python -m planner evaluate`.",
        "fr": "Un fichier téléchargé depuis cette application, ou lu par "
        "`python -m planner evaluate`.",
    },
    "file_loaded": {"en": "Plan loaded from {name}.", "fr": "Parcours chargé depuis {name}."},
    "file_loaded_saved": {
        "en": "Plan loaded from {name}, with its saved scenarios ({n} added to My scenarios).",
        "fr": "Parcours chargé depuis {name}, avec ses scénarios enregistrés ({n} ajoutés à "
        "Mes scénarios).",
    },
    "file_loaded_left_out": {
        "en": "Plan loaded from {name}. Of its saved scenarios, {n} were added to My "
        "scenarios and {out} left out: the list is full ({most} at most).",
        "fr": "Parcours chargé depuis {name}. De ses scénarios enregistrés, {n} ont été "
        "ajoutés à Mes scénarios et {out} laissés de côté : la liste est pleine ({most} au plus).",
    },
    "saved_left_out": {
        "en": "{n} of the scenarios saved in this browser were left out: My scenarios holds "
        "{most} at most.",
        "fr": "{n} des scénarios enregistrés dans ce navigateur ont été laissés de côté : "
        "Mes scénarios en contient {most} au plus.",
    },
    "stored_restored": {
        "en": "Your last plan was restored from this browser.",
        "fr": "Votre dernier parcours a été restauré depuis ce navigateur.",
    },
    "stored_refused": {
        "en": "The scenarios saved in this browser could not be read; they were left out.",
        "fr": "Les scénarios enregistrés dans ce navigateur n'ont pas pu être lus ; ils ont "
        "été laissés de côté.",
    },
    "saved_opened": {
        "en": "Opened {name}. The plan you had is kept in My scenarios as {before}.",
        "fr": "{name} est ouvert. Le parcours que vous aviez est gardé dans Mes scénarios "
        "sous {before}.",
    },
    "saved_opened_nothing_kept": {
        "en": "Opened {name} in place of the plan you had.",
        "fr": "{name} est ouvert à la place du parcours que vous aviez.",
    },
    "open_would_lose": {
        "en": "Your current plan is not among the saved ones and the list is full: opening "
        "{name} replaces it for good. Open it anyway?",
        "fr": "Votre parcours actuel ne fait pas partie des scénarios enregistrés et la liste "
        "est pleine : ouvrir {name} le remplace définitivement. L'ouvrir quand même ?",
    },
    "open_anyway": {"en": "Open anyway", "fr": "Ouvrir quand même"},
    "before_opening": {"en": "Before {plan}", "fr": "Avant {plan}"},
    "reset_confirm": {
        "en": "This forgets, on this device, your plan, your grades and the scenarios saved "
        "in this browser, and empties the address bar. It cannot be undone.",
        "fr": "Ceci oublie, sur cet appareil, votre parcours, vos notes et les scénarios "
        "enregistrés dans ce navigateur, et vide la barre d'adresse. C'est définitif.",
    },
    "reset_yes": {
        "en": "Yes, forget everything on this device",
        "fr": "Oui, tout oublier sur cet appareil",
    },
    "file_refused": {
        "en": "{name} was not loaded: {reason}. Your current plan is unchanged.",
        "fr": "{name} n'a pas été chargé : {reason}. Votre parcours actuel est inchangé.",
    },
    "file_too_large": {"en": "larger than {kb} KB", "fr": "plus de {kb} Ko"},
    "link_restored": {
        "en": "Plan restored from the link.",
        "fr": "Parcours restauré depuis le lien.",
    },
    "saved_refused": {
        "en": "This saved plan could not be opened ({reason}): your current plan is unchanged.",
        "fr": "Ce parcours enregistré n'a pas pu être ouvert ({reason}) : votre parcours "
        "actuel est inchangé.",
    },
    "evaluation_refused": {
        "en": "These grades cannot be judged: {reason}.",
        "fr": "Ces notes ne peuvent pas être jugées : {reason}.",
    },
    "link_refused": {
        "en": "This link could not be opened ({reason}): starting from an empty plan.",
        "fr": "Ce lien n'a pas pu être ouvert ({reason}) : départ d'un parcours vide.",
    },
    "privacy": {
        "en": "Nothing you enter is stored on the server: the link and the file are your own copy.",
        "fr": "Rien de ce que vous saisissez n'est stocké sur le serveur : le lien et le "
        "fichier sont votre propre copie.",
    },
    # Compare page
    "page_compare": {"en": "Compare", "fr": "Comparer"},
    "compare_title": {"en": "Compare plans", "fr": "Comparer des parcours"},
    "tab_side_by_side": {"en": "Side by side", "fr": "Côte à côte"},
    "tab_combinations": {"en": "Every combination", "fr": "Toutes les combinaisons"},
    "tab_saved": {"en": "My scenarios", "fr": "Mes scénarios"},
    "single_plan": {
        "en": "This programme has a single plan (no option, no track): nothing to compare "
        "side by side. See « Every combination » for the course choices.",
        "fr": "Cette formation n'a qu'un parcours (ni option ni régime) : rien à comparer "
        "côte à côte. Voir « Toutes les combinaisons » pour les choix de cours.",
    },
    "compare_what": {"en": "Compare", "fr": "Comparer"},
    "compare_options": {"en": "options", "fr": "les options"},
    "compare_tracks": {"en": "tracks (FI / FA)", "fr": "les régimes (FI / FA)"},
    "compare_pick": {"en": "Pick options to compare.", "fr": "Choisissez des options à comparer."},
    "compare_note": {
        "en": "A range a–b: the figure depends on the courses chosen. \\* inferred; +? part "
        "not published.",
        "fr": "Un intervalle a–b : le chiffre dépend des cours choisis. \\* déduit ; +? une "
        "partie non publiée.",
    },
    "compare_courses": {"en": "Courses of each", "fr": "Cours de chacun"},
    # A figure with its name: "60 ECTS", "CM 216"; French puts "non publiés" after the
    # name (ECTS, CM and TD are plural: crédits, cours magistraux, travaux dirigés).
    "fig_ects": {"en": "{amount} ECTS", "fr": "{amount} ECTS"},
    "fig_ects_unknown": {"en": "ECTS not published", "fr": "ECTS non publiés"},
    "fig_cm": {"en": "CM {amount}", "fr": "CM {amount}"},
    "fig_cm_unknown": {"en": "CM not published", "fr": "CM non publiés"},
    "fig_td": {"en": "TD {amount}", "fr": "TD {amount}"},
    "fig_td_unknown": {"en": "TD not published", "fr": "TD non publiés"},
    "hours_not_published": {"en": "not published", "fr": "non publiées"},
    "combinations_same": {
        "en": "All {n} combinations of choices have the same figures: {figures}.",
        "fr": "Les {n} combinaisons de choix ont toutes les mêmes chiffres : {figures}.",
    },
    "differences_title": {"en": "What differs", "fr": "Ce qui diffère"},
    "no_difference": {
        "en": "These scenarios choose the same courses and have the same grades.",
        "fr": "Ces scénarios ont les mêmes cours choisis et les mêmes notes.",
    },
    "diff_choice": {"en": "{course} — chosen", "fr": "{course} — choisi"},
    "diff_grade": {"en": "{course} — grade", "fr": "{course} — note"},
    "diff_session2_grade": {
        "en": "{course} — session-2 grade",
        "fr": "{course} — note de session 2",
    },
    "outcome_title": {"en": "Outcome", "fr": "Résultat"},
    "total": {"en": "Total", "fr": "Total"},
    "no_choice_to_combine": {
        "en": "This plan has no course choice: a single combination.",
        "fr": "Ce parcours ne comporte aucun choix de cours : une seule combinaison.",
    },
    "combinations_count_one": {
        "en": "{n} valid combination of choices. Click a column header to sort.",
        "fr": "{n} combinaison de choix valide. Cliquez sur un en-tête pour trier.",
    },
    "combinations_count_other": {
        "en": "{n} valid combinations of choices. Click a column header to sort.",
        "fr": "{n} combinaisons de choix valides. Cliquez sur un en-tête pour trier.",
    },
    "combinations_capped": {
        "en": "Only the first {n} are listed.",
        "fr": "Seules les {n} premières sont listées.",
    },
    "combinations_sort": {
        "en": "Hours not published count as empty, never as 0.",
        "fr": "Les heures non publiées restent vides, jamais 0.",
    },
    "choices": {"en": "Courses chosen", "fr": "Cours choisis"},
    "hours_total": {"en": "CM + TD", "fr": "CM + TD"},
    "scenario": {"en": "Scenario", "fr": "Scénario"},
    "scenario_name": {"en": "Name of the current plan", "fr": "Nom du parcours actuel"},
    "save_scenario": {"en": "Save", "fr": "Enregistrer"},
    "scenario_saved": {"en": "Saved as {name}.", "fr": "Enregistré sous {name}."},
    "overwrite_ask": {
        "en": "A different plan is already saved as {name}. Replace it?",
        "fr": "Un autre parcours est déjà enregistré sous {name}. Le remplacer ?",
    },
    "overwrite_replace": {"en": "Replace it", "fr": "Le remplacer"},
    "save_as": {"en": "Save as {name}", "fr": "Enregistrer sous {name}"},
    "cancel": {"en": "Cancel", "fr": "Annuler"},
    "saved_full": {
        "en": "{n} scenarios at most: delete one to save another.",
        "fr": "{n} scénarios au plus : supprimez-en un pour en enregistrer un autre.",
    },
    "no_saved": {
        "en": "No scenario saved yet. Plan your year, enter grades, then save it here to "
        "compare it with another.",
        "fr": "Aucun scénario enregistré. Planifiez votre année, saisissez des notes, puis "
        "enregistrez-le ici pour le comparer à un autre.",
    },
    "load_scenario": {"en": "Open", "fr": "Ouvrir"},
    "delete_scenario": {"en": "Delete", "fr": "Supprimer"},
    # Rules page
    "page_rules": {"en": "Rules", "fr": "Règles"},
    "rules_title": {"en": "The rules, explained", "fr": "Les règles expliquées"},
    "rules_intro": {
        "en": "Each rule as the planner applies it, with the sentence of the source document it "
        "comes from. Assumptions are marked.",
        "fr": "Chaque règle telle que le planificateur l'applique, avec la phrase du document "
        "source dont elle vient. Les hypothèses sont signalées.",
    },
    "published_rule": {"en": "published", "fr": "publiée"},
    "assumed_rule": {"en": "assumption", "fr": "hypothèse"},
    "ects_conflict": {
        "en": "The source gives two figures for this unit: {ects} ECTS (used here) and "
        "{other} ECTS ({where}).",
        "fr": "La source donne deux chiffres pour cette UE : {ects} ECTS (retenu ici) et "
        "{other} ECTS ({where}).",
    },
    "code_line": {"en": "{code}, {ects} ECTS acquired", "fr": "{code}, {ects} ECTS acquis"},
    "compensation": {"en": "Compensation", "fr": "Compensation"},
    "my_rules_title": {"en": "Rules that apply to me", "fr": "Les règles qui s'appliquent à moi"},
    "my_rules_intro": {
        "en": "This programme publishes no validation rule: the rules above are an "
        "assumption. If you know yours (from your MCC or your advisor), choose them here; "
        "the share link, the file and the PDF carry your choice, and every verdict says it "
        "follows the rules you chose.",
        "fr": "Cette formation ne publie aucune règle de validation : les règles ci-dessous "
        "sont une hypothèse. Si vous connaissez les vôtres (vos MCC, votre responsable), "
        "choisissez-les ici ; le lien de partage, le fichier et le PDF gardent votre choix, "
        "et chaque verdict indique qu'il suit les règles choisies.",
    },
    "my_rules_preset": {"en": "Rules", "fr": "Règles"},
    "my_rules_threshold": {"en": "Threshold of each UE", "fr": "Seuil de chaque UE"},
    "my_rules_floor_on": {
        "en": "A course floor (note éliminatoire)",
        "fr": "Une note éliminatoire",
    },
    "my_rules_floor": {"en": "Course floor", "fr": "Note éliminatoire"},
    "my_rules_compensation": {
        "en": "UEs compensate each other within the year (weighted by ECTS)",
        "fr": "Les UE se compensent sur l'année (pondérées par les ECTS)",
    },
    "my_rules_in_force": {
        "en": "Your chosen rules apply to every verdict of this programme.",
        "fr": "Vos règles choisies s'appliquent à chaque verdict de cette formation.",
    },
    "my_rules_ects_unknown": {
        "en": "Course ECTS are not published for: {units}. Their courses weigh the same.",
        "fr": "Les ECTS des cours ne sont pas publiés pour : {units}. Leurs cours pèsent autant.",
    },
    "my_rules_reset": {
        "en": "Back to the file's assumption",
        "fr": "Revenir à l'hypothèse du fichier",
    },
    "chosen_rule": {"en": "your chosen rules", "fr": "vos règles choisies"},
    "verdict_published": {"en": "published rule", "fr": "règle publiée"},
    "verdict_assumed": {"en": "rests on an assumed rule", "fr": "repose sur une règle supposée"},
    "verdict_chosen": {
        "en": "under the rules you chose",
        "fr": "selon les règles que vous avez choisies",
    },
    "from_source": {"en": "Source", "fr": "Source"},
    "programme_notes": {
        "en": "Gaps and contradictions in the source",
        "fr": "Lacunes et contradictions de la source",
    },
    # Odds page
    "page_odds": {"en": "Odds", "fr": "Probabilités"},
    "odds_title": {"en": "The odds of passing", "fr": "Les chances de réussite"},
    "odds_intro": {
        "en": "For each exam not known yet, give the grade you expect and how unsure you are "
        "(± spread, out of {max}). The planner simulates session 1 many times with grades "
        "drawn uniformly in those ranges.",
        "fr": "Pour chaque épreuve pas encore connue, indiquez la note attendue et votre "
        "incertitude (± écart, sur {max}). Le planificateur simule la session 1 de nombreuses "
        "fois avec des notes tirées uniformément dans ces intervalles.",
    },
    "odds_expected": {"en": "Expected grade", "fr": "Note attendue"},
    "odds_spread": {"en": "± spread", "fr": "± écart"},
    "odds_nothing_unknown": {
        "en": "Every grade of your plan is known: the Grades page gives the verdict, no "
        "odds needed.",
        "fr": "Toutes les notes de votre parcours sont connues : la page Notes donne le "
        "verdict, pas besoin de probabilités.",
    },
    "odds_full_range": {
        "en": "No expectation given for {courses}: drawn anywhere on the scale.",
        "fr": "Aucune attente donnée pour {courses} : tirées n'importe où sur le barème.",
    },
    "odds_year": {
        "en": "Probability of validating every unit in session 1",
        "fr": "Probabilité de valider toutes les UE en session 1",
    },
    "odds_chart": {
        "en": "Session 1: validating each unit, retaking each exam",
        "fr": "Session 1 : valider chaque UE, repasser chaque épreuve",
    },
    "odds_skipped": {
        "en": "Not simulated until their course choice is complete: {units} (the year's "
        "probability leaves them out).",
        "fr": "Non simulées tant que le choix de cours est incomplet : {units} (la probabilité "
        "de l'année les ignore).",
    },
    "odds_validated": {"en": "validated", "fr": "validée"},
    "odds_retake": {"en": "retake", "fr": "à repasser"},
    "odds_method": {
        "en": "Monte-Carlo, {draws} draws, fixed seed: the same inputs give the same odds. "
        "The minimum grades are exact.",
        "fr": "Monte-Carlo, {draws} tirages, graine fixe : mêmes entrées, mêmes probabilités. "
        "Les notes minimales sont exactes.",
    },
    # Plan page
    "plan_title": {"en": "Plan your year", "fr": "Planifiez votre année"},
    "plan_intro": {
        "en": "Pick your courses where the programme gives a choice. Totals update at once.",
        "fr": "Choisissez vos cours là où la formation laisse un choix. Les totaux se mettent "
        "à jour aussitôt.",
    },
    "ects": {"en": "ECTS", "fr": "ECTS"},
    "ects_unknown": {"en": "ECTS not published", "fr": "ECTS non publiés"},
    "lecture_hours": {"en": "Lecture hours (CM)", "fr": "Heures de CM"},
    "tutorial_hours": {"en": "Tutorial hours (TD)", "fr": "Heures de TD"},
    "of_year": {"en": "of the {total} of the year", "fr": "sur les {total} de l'année"},
    "not_published": {"en": "not published", "fr": "non publié"},
    "inferred": {"en": "inferred", "fr": "déduit"},
    "published": {"en": "published", "fr": "publié"},
    "unknown": {"en": "not published", "fr": "non publié"},
    "status": {"en": "Status", "fr": "Statut"},
    "choose_n": {"en": "Choose {choose} of {count}", "fr": "Choisir {choose} parmi {count}"},
    "choose_courses": {"en": "Your courses", "fr": "Vos cours"},
    "choice_ok": {"en": "Choice complete.", "fr": "Choix complet."},
    "choice_missing_one": {
        "en": "Courses to choose here: {choose}; {picked} chosen so far.",
        "fr": "Cours à choisir ici : {choose} ; {picked} choisi pour l'instant.",
    },
    "choice_missing_other": {
        "en": "Courses to choose here: {choose}; {picked} chosen so far.",
        "fr": "Cours à choisir ici : {choose} ; {picked} choisis pour l'instant.",
    },
    "all_courses_followed": {
        "en": "All courses of this unit are followed.",
        "fr": "Tous les cours de cette UE sont suivis.",
    },
    "course": {"en": "Course", "fr": "Cours"},
    "unit": {"en": "Unit (UE)", "fr": "UE"},
    "semester": {"en": "Semester", "fr": "Semestre"},
    "descriptions": {"en": "Course descriptions", "fr": "Descriptions des cours"},
    "course_details": {"en": "Details of a course", "fr": "Détail d'un cours"},
    "no_description": {
        "en": "No description is published for this course.",
        "fr": "Aucune description n'est publiée pour ce cours.",
    },
    "totals": {"en": "Totals", "fr": "Totaux"},
    "left_out_of": {
        "en": "{figure}: the sum leaves out {items} (not published).",
        "fr": "{figure} : la somme laisse de côté {items} (non publié).",
    },
    "inferred_note": {
        "en": "\\* inferred from a published figure (the Catalogue page gives the rule); "
        "+? part of the figures not published.",
        "fr": "\\* déduit d'un chiffre publié (la page Catalogue donne la règle) ; +? une "
        "partie des chiffres n'est pas publiée.",
    },
    "chart_hours": {"en": "Hours by unit", "fr": "Heures par UE"},
    "chart_ects": {"en": "ECTS of the year", "fr": "ECTS de l'année"},
    "hours": {"en": "hours", "fr": "heures"},
    "remaining": {"en": "not yet counted", "fr": "pas encore comptés"},
    "no_hours_published": {
        "en": "No hours are published for this programme.",
        "fr": "Aucun volume horaire n'est publié pour cette formation.",
    },
    "bonus_unit": {
        "en": "Bonus unit: counts only once session 1 is validated.",
        "fr": "UE bonus : ne compte qu'une fois la session 1 validée.",
    },
    "activity_unit": {
        "en": "All-year activity, not graded.",
        "fr": "Activité sur toute l'année, non notée.",
    },
    # Grades page
    "grades_title": {"en": "Grades and verdict", "fr": "Notes et verdict"},
    "grades_intro": {
        "en": "Enter the grades you expect, from 0 to {max}, with a decimal point or comma "
        "(12.5 or 12,5). An empty cell means not known yet; tick « Absent » for an exam you "
        "will miss. Text that is not a number is refused and the grade before it is kept.",
        "fr": "Saisissez les notes que vous envisagez, de 0 à {max}, avec une virgule ou un "
        "point (12,5 ou 12.5). Une case vide signifie pas encore connue ; cochez « Absent » "
        "pour une épreuve manquée. Un texte qui n'est pas un nombre est refusé et la note "
        "d'avant est gardée.",
    },
    "grade": {"en": "Grade /{max}", "fr": "Note /{max}"},
    "grade_short": {"en": "Grade", "fr": "Note"},
    "grades_as_form": {
        "en": "Enter the grades in a form",
        "fr": "Saisir les notes dans un formulaire",
    },
    "grades_as_form_help": {
        "en": "One labelled field per course instead of the table: easier with a keyboard "
        "or a screen reader.",
        "fr": "Un champ nommé par cours au lieu du tableau : plus simple au clavier ou avec "
        "un lecteur d'écran.",
    },
    "grades_form_send": {"en": "Save these grades", "fr": "Enregistrer ces notes"},
    "absent": {"en": "Absent", "fr": "Absent"},
    "session1": {"en": "Session 1", "fr": "Session 1"},
    "session2": {"en": "Session 2", "fr": "Session 2"},
    "validated": {"en": "Validated", "fr": "Validée"},
    "failed": {"en": "Not validated", "fr": "Non validée"},
    "pending": {"en": "Pending", "fr": "En attente"},
    "year": {"en": "Year", "fr": "Année"},
    "mean": {"en": "Mean", "fr": "Moyenne"},
    "bonus": {"en": "Bonus", "fr": "Bonus"},
    "retakes_title": {
        "en": "Exams to retake in session 2",
        "fr": "Épreuves à repasser en session 2",
    },
    "no_retakes": {"en": "Nothing to retake.", "fr": "Rien à repasser."},
    "retakes_if_below": {
        "en": "Also retaken if the grade ends up below {threshold}: {courses}.",
        "fr": "À repasser aussi si la note finit sous {threshold} : {courses}.",
    },
    "session2_intro": {
        "en": "Enter your session-2 grades for the retaken exams to see the final result.",
        "fr": "Saisissez vos notes de session 2 pour les épreuves repassées afin de voir le "
        "résultat final.",
    },
    "need_title": {"en": "What do I need?", "fr": "De quoi ai-je besoin ?"},
    "need_intro": {
        "en": "The lowest grade that validates each pending unit (exact, not a simulation).",
        "fr": "La note minimale qui valide chaque UE en attente (calcul exact, pas une "
        "simulation).",
    },
    "need_uniform_one": {
        "en": "the remaining exam: at least {minimum}",
        "fr": "l'épreuve restante : au moins {minimum}",
    },
    "need_uniform_other": {
        "en": "the same grade in each of the {n} remaining exams: at least {minimum}",
        "fr": "une même note dans chacune des {n} épreuves restantes : au moins {minimum}",
    },
    "need_single": {
        "en": "at least {minimum} in {course}",
        "fr": "au moins {minimum} en {course}",
    },
    "need_course": {
        "en": "{course}: at least {minimum} (even with 0 in the others)",
        "fr": "{course} : au moins {minimum} (même avec 0 dans les autres)",
    },
    "need_course_impossible": {
        "en": "{course}: cannot secure the unit on its own (the others count too)",
        "fr": "{course} : ne suffit pas seul à valider l'UE (les autres comptent aussi)",
    },
    "need_course_any_grade": {
        "en": "{course}: any grade will do, as long as you sit the exam",
        "fr": "{course} : n'importe quelle note suffit, pourvu que l'épreuve soit passée",
    },
    "any_grade": {
        "en": "any grade, as long as every exam is sat",
        "fr": "n'importe quelle note, pourvu que chaque épreuve soit passée",
    },
    "impossible": {"en": "impossible", "fr": "impossible"},
    "nothing_pending": {
        "en": "Every unit is decided: nothing left to aim for.",
        "fr": "Toutes les UE sont décidées : plus rien à viser.",
    },
    "problems": {"en": "To fix in your plan", "fr": "À corriger dans votre parcours"},
    "absent_and_grade": {
        "en": "{course}: « absent » is ticked, so the grade typed is ignored.",
        "fr": "{course} : « absent » est coché, la note saisie est ignorée.",
    },
    "out_of_scale": {
        "en": "{course}: {value} is outside the scale: a grade goes from 0 to {max}. {kept}",
        "fr": "{course} : {value} est hors barème : une note va de 0 à {max}. {kept}",
    },
    "grade_not_number": {
        "en": "{course}: “{value}” is not a grade: type a number such as 12.5 or 12,5. {kept}",
        "fr": "{course} : « {value} » n'est pas une note : saisissez un nombre comme 12,5 ou "
        "12.5. {kept}",
    },
    "grade_ambiguous": {
        "en": "{course}: “{value}” has more than one separator, so its value is unclear: type "
        "the grade with one decimal point or comma, such as 12.5. {kept}",
        "fr": "{course} : « {value} » a plus d'un séparateur, sa valeur n'est pas claire : "
        "saisissez la note avec une seule virgule ou un seul point, comme 12,5. {kept}",
    },
    "odds_out_of_scale": {
        "en": "{course}: {value} is outside the scale, 0 to {max}. {kept}",
        "fr": "{course} : {value} est hors barème, de 0 à {max}. {kept}",
    },
    "odds_row_left_out": {
        "en": "This row is left out of the simulation.",
        "fr": "Cette ligne est laissée de côté dans la simulation.",
    },
    "grade_kept": {"en": "The grade stays {previous}.", "fr": "La note reste {previous}."},
    "grade_kept_unknown": {
        "en": "The course counts as not known yet.",
        "fr": "Le cours compte comme pas encore connu.",
    },
    "rules_applied": {"en": "Rules applied", "fr": "Règles appliquées"},
    "assumption": {"en": "assumption", "fr": "hypothèse"},
    "session2_policy": {"en": "Session-2 grades", "fr": "Notes de session 2"},
    "policy_replace": {"en": "replace session 1", "fr": "remplacent la session 1"},
    "policy_keep_best": {"en": "keep the best of both", "fr": "meilleure des deux"},
    "bonus_rate": {"en": "Bonus rate (assumed formula)", "fr": "Taux du bonus (formule supposée)"},
    "choose_first": {
        "en": "Complete your course choices on the Plan page first: {units}.",
        "fr": "Complétez d'abord vos choix de cours sur la page Parcours : {units}.",
    },
    # Catalogue page
    "catalogue_title": {"en": "Course catalogue", "fr": "Catalogue des cours"},
    "search": {
        "en": "Search a course, a unit, a word",
        "fr": "Rechercher un cours, une UE, un mot",
    },
    "results_one": {"en": "{n} course", "fr": "{n} cours"},
    "results_other": {"en": "{n} courses", "fr": "{n} cours"},
    "no_results": {
        "en": "No course matches « {q} ».",
        "fr": "Aucun cours ne correspond à « {q} ».",
    },
    "all_options": {"en": "all options", "fr": "toutes options"},
    "options_col": {"en": "Options", "fr": "Options"},
    "filter_plan": {
        "en": "Only my plan (my track and option)",
        "fr": "Seulement mon parcours (mon régime et mon option)",
    },
    # Calendar page
    "calendar_title": {"en": "The year on a timeline", "fr": "L'année en frise"},
    "undated": {"en": "Not dated in the source", "fr": "Non datés dans la source"},
    "advice": {"en": "advice", "fr": "conseil"},
    "no_calendar": {
        "en": "The source document gives no dates for this programme.",
        "fr": "Le document source ne donne aucune date pour cette formation.",
    },
    "kind_teaching": {"en": "Teaching", "fr": "Enseignement"},
    "kind_exams": {"en": "Exams", "fr": "Examens"},
    "kind_internship": {"en": "Internship", "fr": "Stage"},
    "kind_event": {"en": "Event", "fr": "Événement"},
    "kind_milestone": {"en": "Internship search (advice)", "fr": "Recherche de stage (conseil)"},
    "open_ended": {"en": "end not given", "fr": "fin non précisée"},
    "milestones": {"en": "Internship-search milestones", "fr": "Jalons de la recherche de stage"},
    "download_ics": {"en": "Add to my calendar (.ics)", "fr": "Ajouter à mon agenda (.ics)"},
    "ics_help": {
        "en": "The dated events above, for your phone's or computer's calendar: teaching "
        "periods, events, the internship, and the milestones as reminders on their first day.",
        "fr": "Les événements datés ci-dessus, pour l'agenda de votre téléphone ou ordinateur : "
        "périodes de cours, événements, stage, et les jalons en rappel le premier jour.",
    },
    "ics_undated": {
        "en": "Not in the file, because the source gives no date: {names}.",
        "fr": "Absents du fichier, faute de date dans la source : {names}.",
    },
}


def colon(lang: Lang) -> str:
    """French puts a space before the colon."""
    return " : " if lang == "fr" else ": "


# Texts with a singular and a plural form are two keys, `<key>_one` and `<key>_other`,
# chosen by the count parameter (`n` unless named here) and the language's plural rule.
PLURAL_COUNT = {"choice_missing": "picked"}


def t(key: str, lang: Lang, **params: object) -> str:
    if key not in TEXTS and f"{key}_one" in TEXTS:
        n = int(params[PLURAL_COUNT.get(key, "n")])  # type: ignore[call-overload]
        key = f"{key}_{plural_form(n, lang, 'one', 'other')}"
    text = TEXTS[key][lang]
    return text.format(**params) if params else text
