package io.pgextra.hibernate.test.conflict.model;

import io.pgextra.hibernate.test.model.Email;

import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;

/** An embeddable with a converted field and a nested embeddable. */
@Embeddable
public class Address {
	public String city;

	@Convert(converter = Email.EmailConverter.class)
	public Email contact;

	@Embedded
	public Geo geo;
}
