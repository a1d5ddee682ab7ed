"""The floor app with `?n=` more elements: a markdown, a caption and a bordered container
in turn (what a Grades card is made of), to measure Streamlit's cost per element.

`?static=1`: the input and its result are a fragment and the N elements stay as they are
on an edit, as a grade edit leaves most of the Grades page: what a page of that size
costs the browser on an edit that redraws none of it."""

import streamlit as st

count = int(st.query_params.get("n", "0"))
static = st.query_params.get("static") == "1"


def edit() -> float:
    value = st.number_input("x", key="x", value=0.0)
    st.metric("x squared", value * value)
    return value


value = st.fragment(edit)() if static else edit()
for i in range(count):
    kind = i % 3
    if kind == 0:
        st.markdown(f"**Unit {i}** · Session 1: {'validated' if static else value}")
    elif kind == 1:
        st.caption(f"Mean {i if static else value + i}")
    else:
        st.container(border=True)
