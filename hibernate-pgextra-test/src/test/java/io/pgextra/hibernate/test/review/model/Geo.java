package io.pgextra.hibernate.test.review.model;

import jakarta.persistence.Embeddable;

@Embeddable
public class Geo {
	public Double lat;
	public Double lon;
}
