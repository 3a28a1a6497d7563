package io.pgextra.hibernate.test.model;

import jakarta.persistence.Embeddable;

@Embeddable
public record Dimensions(Integer width, Integer height) {
}
