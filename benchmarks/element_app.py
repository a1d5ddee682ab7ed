"""The floor app with `?n=` more elements: a markdown, a caption and a bordered container
in turn (what a Grades card is made of), to measure Streamlit's cost per element."""

import streamlit as st

value = st.number_input("x", key="x", value=0.0)
st.metric("x squared", value * value)
for i in range(int(st.query_params.get("n", "0"))):
    kind = i % 3
    if kind == 0:
        st.markdown(f"**Unit {i}** · Session 1: {value}")
    elif kind == 1:
        st.caption(f"Mean {value + i}")
    else:
        st.container(border=True)
