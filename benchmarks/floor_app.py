"""The framework floor: a bare Streamlit app (one number input, one metric)."""

import streamlit as st

value = st.number_input("x", key="x", value=0.0)
st.metric("x squared", value * value)
