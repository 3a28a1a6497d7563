package io.pgextra.hibernate.test.conflict.model;

import org.hibernate.annotations.Formula;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** An entity with a {@code @Formula} attribute. */
@Entity
public class Formulated {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Column(unique = true)
	public String name;

	public int qty;

	@Formula("qty * 2")
	public Integer doubled;
}
