package io.pgextra.hibernate.test.conflict.model;

import org.hibernate.annotations.ColumnTransformer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A column Hibernate writes and reads through SQL expressions (@ColumnTransformer). */
@Entity
public class Coded {
	@Id
	@GeneratedValue
	public Long id;

	@Column(unique = true, nullable = false)
	public String name;

	@ColumnTransformer(read = "lower(code)", write = "upper(?)")
	public String code;
}
