package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Embeddable;

@Embeddable
public class Geo {
	public Double lat;
	public Double lon;
}
