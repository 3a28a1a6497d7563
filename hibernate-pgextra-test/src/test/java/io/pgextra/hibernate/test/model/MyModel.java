package io.pgextra.hibernate.test.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** The seed's model: {@code myfield = models.CharField(max_length=255, unique=True)}. */
@Entity
public class MyModel {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Column(unique = true)
	public String myfield;

	public String note;

	public MyModel() {
	}

	public MyModel(String myfield, String note) {
		this.myfield = myfield;
		this.note = note;
	}
}
