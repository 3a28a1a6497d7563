package io.pgextra.hibernate.test.model;

public enum Mood { HAPPY, GRUMPY }
